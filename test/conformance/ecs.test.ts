import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { awsCli, awsCliAvailable } from '../helpers/aws-cli.ts';
import { startTestAwsLocal } from '../helpers/aws-local.ts';

// The AWS CLI v2 (Debian's 2.9.19) against aws-local's ECS: what an operator
// would type to set up and redeploy a service bound to a rotated certificate.
const ARN = 'arn:aws:ecs:us-east-1:000000000000';
const ROLLOUT_MS = 600_000;

/** The CLI's error line; it adds "(reached max retries: N)" after the operation name. */
function cliError(name: string, operation: string, message: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `An error occurred \\(${name}\\) when calling the ${operation} operation( \\(reached max retries: \\d+\\))?: ${escape(message)}`,
  );
}

t.test('ECS through the AWS CLI', { skip: awsCliAvailable() ? false : 'no AWS CLI at /usr/bin/aws' }, async (t) => {
  const local = await startTestAwsLocal(t, { timings: { 'ecs.rollout': ROLLOUT_MS } });
  const aws = (...args: string[]) => awsCli(local.url, args);
  const dir = await mkdtemp(join(tmpdir(), 'ecs-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));

  const cluster = await aws('ecs', 'create-cluster', '--cluster-name', 'mesh', '--tags', 'key=team,value=platform');
  t.equal(cluster.exitCode, 0, cluster.stderr);
  t.match(cluster.json, { cluster: { clusterArn: `${ARN}:cluster/mesh`, clusterName: 'mesh', status: 'ACTIVE' } });

  const taskDefinitionFile = join(dir, 'colorteller.json');
  await writeFile(
    taskDefinitionFile,
    JSON.stringify({
      family: 'colorteller',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::000000000000:role/ecsTaskExecutionRole',
      containerDefinitions: [
        { name: 'agent', image: 'pca-mtls/agent:latest', essential: false },
        {
          name: 'envoy',
          image: 'envoyproxy/envoy:v1.31-latest',
          portMappings: [{ containerPort: 8443, protocol: 'tcp' }],
          environment: [{ name: 'IDENTITY', value: 'colorteller' }],
          secrets: [
            { name: 'TLS', valueFrom: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:pca-mtls/colorteller' },
          ],
          dependsOn: [{ containerName: 'agent', condition: 'SUCCESS' }],
        },
      ],
    }),
  );
  const registered = await aws('ecs', 'register-task-definition', '--cli-input-json', `file://${taskDefinitionFile}`);
  t.equal(registered.exitCode, 0, registered.stderr);
  t.match(registered.json, {
    taskDefinition: {
      taskDefinitionArn: `${ARN}:task-definition/colorteller:1`,
      revision: 1,
      status: 'ACTIVE',
      containerDefinitions: [
        { name: 'agent' },
        { name: 'envoy', portMappings: [{ containerPort: 8443, hostPort: 8443 }] },
      ],
    },
  });
  const described = await aws(
    'ecs',
    'describe-task-definition',
    '--task-definition',
    'colorteller',
    '--include',
    'TAGS',
  );
  t.equal(described.exitCode, 0, described.stderr);
  t.equal(described.json.taskDefinition.revision, 1);

  const created = await aws(
    'ecs',
    'create-service',
    '--cluster',
    'mesh',
    '--service-name',
    'colorteller',
    '--task-definition',
    'colorteller:1',
    '--desired-count',
    '2',
    '--launch-type',
    'FARGATE',
    '--network-configuration',
    'awsvpcConfiguration={subnets=[subnet-1],securityGroups=[sg-1],assignPublicIp=DISABLED}',
    '--deployment-configuration',
    'deploymentCircuitBreaker={enable=true,rollback=true},maximumPercent=200,minimumHealthyPercent=100',
  );
  t.equal(created.exitCode, 0, created.stderr);
  t.match(created.json, {
    service: {
      serviceArn: `${ARN}:service/mesh/colorteller`,
      status: 'ACTIVE',
      desiredCount: 2,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      deployments: [{ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }],
    },
  });
  const firstId: string = created.json.service.deployments[0].id;
  t.match(firstId, /^ecs-svc\/\d{19}$/);

  await local.control('POST', 'clock', { advanceSeconds: ROLLOUT_MS / 1000 + 1 });
  const updated = await aws(
    'ecs',
    'update-service',
    '--cluster',
    'mesh',
    '--service',
    'colorteller',
    '--force-new-deployment',
  );
  t.equal(updated.exitCode, 0, updated.stderr);
  t.match(updated.json.service.deployments, [
    { status: 'PRIMARY', rolloutState: 'IN_PROGRESS' },
    { id: firstId, status: 'ACTIVE', rolloutState: 'COMPLETED', runningCount: 2 },
  ]);
  const newId: string = updated.json.service.deployments[0].id;

  await local.control('POST', 'clock', { advanceSeconds: ROLLOUT_MS / 1000 + 1 });
  const services = await aws('ecs', 'describe-services', '--cluster', 'mesh', '--services', 'colorteller', 'missing');
  t.equal(services.exitCode, 0, services.stderr);
  t.match(services.json.services[0], {
    runningCount: 2,
    deployments: [{ id: newId, status: 'PRIMARY', rolloutState: 'COMPLETED', runningCount: 2 }],
  });
  t.equal(services.json.services[0].deployments.length, 1);
  t.match(services.json.services[0].events[0].message, '(service colorteller) has reached a steady state.');
  t.same(services.json.failures, [{ arn: `${ARN}:service/mesh/missing`, reason: 'MISSING' }]);

  const listed = await aws('ecs', 'list-services', '--cluster', 'mesh');
  t.equal(listed.exitCode, 0, listed.stderr);
  t.same(listed.json.serviceArns, [`${ARN}:service/mesh/colorteller`]);

  const serviceArn = `${ARN}:service/mesh/colorteller`;
  const tagged = await aws(
    'ecs',
    'tag-resource',
    '--resource-arn',
    serviceArn,
    '--tags',
    'key=pca-mtls:identity,value=colorteller',
  );
  t.equal(tagged.exitCode, 0, tagged.stderr);
  const tags = await aws('ecs', 'list-tags-for-resource', '--resource-arn', serviceArn);
  t.same(tags.json, { tags: [{ key: 'pca-mtls:identity', value: 'colorteller' }] });
  const untagged = await aws('ecs', 'untag-resource', '--resource-arn', serviceArn, '--tag-keys', 'pca-mtls:identity');
  t.equal(untagged.exitCode, 0, untagged.stderr);
  const clusters = await aws('ecs', 'describe-clusters', '--clusters', 'mesh', '--include', 'TAGS');
  t.match(clusters.json.clusters[0], { activeServicesCount: 1, tags: [{ key: 'team', value: 'platform' }] });
  const clusterList = await aws('ecs', 'list-clusters');
  t.same(clusterList.json.clusterArns, [`${ARN}:cluster/mesh`]);

  // Errors: the CLI exits 254 for a service error and prints AWS's name and message.
  const missing = await aws(
    'ecs',
    'update-service',
    '--cluster',
    'mesh',
    '--service',
    'nope',
    '--force-new-deployment',
  );
  t.equal(missing.exitCode, 254);
  t.match(missing.stderr, cliError('ServiceNotFoundException', 'UpdateService', 'Service not found.'));
  const noCluster = await aws('ecs', 'describe-services', '--cluster', 'nope', '--services', 'colorteller');
  t.equal(noCluster.exitCode, 254);
  t.match(noCluster.stderr, cliError('ClusterNotFoundException', 'DescribeServices', 'Cluster not found.'));
  const noTaskDefinition = await aws('ecs', 'describe-task-definition', '--task-definition', 'nothing');
  t.equal(noTaskDefinition.exitCode, 254);
  t.match(
    noTaskDefinition.stderr,
    cliError('ClientException', 'DescribeTaskDefinition', 'Unable to describe task definition.'),
  );

  // A missing required parameter never reaches aws-local: the CLI itself exits 252.
  const usage = await aws('ecs', 'update-service', '--cluster', 'mesh', '--force-new-deployment');
  t.equal(usage.exitCode, 252);
  t.match(usage.stderr, 'the following arguments are required: --service');
});
