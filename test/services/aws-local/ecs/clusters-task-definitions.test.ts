import {
  CreateClusterCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListClustersCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type ContainerDefinition,
} from '@aws-sdk/client-ecs';
import t from 'tap';
import { startTestAwsLocal } from '../../../helpers/aws-local.ts';

const ARN = 'arn:aws:ecs:us-east-1:000000000000';

const envoy: ContainerDefinition = {
  name: 'envoy',
  image: 'envoyproxy/envoy:v1.31-latest',
  essential: true,
  portMappings: [{ containerPort: 8443 }],
  environment: [{ name: 'PCA_MTLS_IDENTITY', value: 'colorteller' }],
  secrets: [
    { name: 'IDENTITY', valueFrom: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:pca-mtls/colorteller-AbCdEf' },
  ],
  dependsOn: [{ containerName: 'agent', condition: 'SUCCESS' }],
  healthCheck: { command: ['CMD-SHELL', 'curl -sf localhost:9901/ready'], interval: 5, retries: 3 },
  ulimits: [{ name: 'nofile', softLimit: 15000, hardLimit: 15000 }],
  user: '1337',
};
const agent: ContainerDefinition = { name: 'agent', image: 'pca-mtls/agent:latest', essential: false };

const fargateTask = {
  family: 'colorteller',
  networkMode: 'awsvpc' as const,
  requiresCompatibilities: ['FARGATE' as const],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::000000000000:role/ecsTaskExecutionRole',
  containerDefinitions: [agent, envoy],
};

t.test('CreateCluster, DescribeClusters and ListClusters', async (t) => {
  const local = await startTestAwsLocal(t);
  const ecs = new ECSClient(local.clientConfig);

  const created = await ecs.send(
    new CreateClusterCommand({ clusterName: 'mesh', tags: [{ key: 'team', value: 'platform' }] }),
  );
  t.match(created.cluster, {
    clusterArn: `${ARN}:cluster/mesh`,
    clusterName: 'mesh',
    status: 'ACTIVE',
    activeServicesCount: 0,
    runningTasksCount: 0,
    pendingTasksCount: 0,
    registeredContainerInstancesCount: 0,
    tags: [{ key: 'team', value: 'platform' }],
    settings: [{ name: 'containerInsights', value: 'disabled' }],
  });

  const again = await ecs.send(new CreateClusterCommand({ clusterName: 'mesh' }));
  t.equal(again.cluster?.clusterArn, created.cluster?.clusterArn, 'creating an existing cluster answers it');
  t.same(again.cluster?.tags, [{ key: 'team', value: 'platform' }], 'and leaves it unchanged');

  const unnamed = await ecs.send(new CreateClusterCommand({}));
  t.equal(unnamed.cluster?.clusterName, 'default', 'clusterName defaults to default');

  const described = await ecs.send(
    new DescribeClustersCommand({ clusters: ['mesh', `${ARN}:cluster/nope`, 'missing'], include: ['TAGS'] }),
  );
  t.equal(described.clusters?.length, 1);
  t.same(described.clusters?.[0]?.tags, [{ key: 'team', value: 'platform' }], 'include TAGS answers tags');
  t.same(described.failures, [
    { arn: `${ARN}:cluster/nope`, reason: 'MISSING' },
    { arn: `${ARN}:cluster/missing`, reason: 'MISSING' },
  ]);
  const plain = await ecs.send(new DescribeClustersCommand({ clusters: [`${ARN}:cluster/mesh`] }));
  t.equal(plain.clusters?.[0]?.clusterName, 'mesh', 'a cluster ARN names the cluster');
  t.equal(plain.clusters?.[0]?.tags, undefined, 'no tags without include');
  const byDefault = await ecs.send(new DescribeClustersCommand({}));
  t.equal(byDefault.clusters?.[0]?.clusterName, 'default', 'no names describes the default cluster');

  const listed = await ecs.send(new ListClustersCommand({}));
  t.same(listed.clusterArns, [`${ARN}:cluster/default`, `${ARN}:cluster/mesh`]);
  const first = await ecs.send(new ListClustersCommand({ maxResults: 1 }));
  t.same(first.clusterArns, [`${ARN}:cluster/default`]);
  t.ok(first.nextToken);
  const second = await ecs.send(new ListClustersCommand({ maxResults: 1, nextToken: first.nextToken }));
  t.same(second.clusterArns, [`${ARN}:cluster/mesh`]);
  t.equal(second.nextToken, undefined);

  await t.rejects(ecs.send(new CreateClusterCommand({ clusterName: 'bad name!' })), {
    name: 'InvalidParameterException',
  });
  await t.rejects(ecs.send(new ListClustersCommand({ nextToken: 'garbage' })), { name: 'InvalidParameterException' });
});

t.test('RegisterTaskDefinition counts revisions per family and keeps the container fields', async (t) => {
  const local = await startTestAwsLocal(t);
  const ecs = new ECSClient(local.clientConfig);

  const first = await ecs.send(
    new RegisterTaskDefinitionCommand({ ...fargateTask, tags: [{ key: 'pca-mtls:identity', value: 'colorteller' }] }),
  );
  const td = first.taskDefinition!;
  t.equal(td.taskDefinitionArn, `${ARN}:task-definition/colorteller:1`);
  t.equal(td.revision, 1);
  t.equal(td.status, 'ACTIVE');
  t.same(td.compatibilities, ['EC2', 'FARGATE']);
  t.same(td.requiresCompatibilities, ['FARGATE']);
  t.same(first.tags, [{ key: 'pca-mtls:identity', value: 'colorteller' }]);
  t.ok(td.registeredAt instanceof Date);
  const envoyOut = td.containerDefinitions!.find((c) => c.name === 'envoy')!;
  t.match(envoyOut, {
    image: 'envoyproxy/envoy:v1.31-latest',
    essential: true,
    portMappings: [{ containerPort: 8443, hostPort: 8443, protocol: 'tcp' }],
    environment: [{ name: 'PCA_MTLS_IDENTITY', value: 'colorteller' }],
    secrets: envoy.secrets,
    dependsOn: [{ containerName: 'agent', condition: 'SUCCESS' }],
    healthCheck: { command: ['CMD-SHELL', 'curl -sf localhost:9901/ready'] },
    user: '1337',
  });
  const agentOut = td.containerDefinitions!.find((c) => c.name === 'agent')!;
  t.equal(agentOut.essential, false);
  t.same(agentOut.environment, [], 'ECS fills in empty lists');
  t.equal(agentOut.cpu, 0);

  const second = await ecs.send(new RegisterTaskDefinitionCommand(fargateTask));
  t.equal(second.taskDefinition?.revision, 2);
  const other = await ecs.send(
    new RegisterTaskDefinitionCommand({ family: 'colorgateway', containerDefinitions: [{ ...agent, memory: 128 }] }),
  );
  t.equal(other.taskDefinition?.revision, 1, 'revisions count per family');
  t.same(other.taskDefinition?.compatibilities, ['EC2']);

  // Describe by family (latest ACTIVE), family:revision and ARN.
  const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'colorteller' }));
  t.equal(latest.taskDefinition?.revision, 2);
  t.equal(latest.tags, undefined, 'no tags without include');
  const byRevision = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'colorteller:1', include: ['TAGS'] }),
  );
  t.equal(byRevision.taskDefinition?.revision, 1);
  t.same(byRevision.tags, [{ key: 'pca-mtls:identity', value: 'colorteller' }]);
  const byArn = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: td.taskDefinitionArn }));
  t.equal(byArn.taskDefinition?.revision, 1);

  // Deregistering the latest makes a bare family resolve to the previous ACTIVE revision.
  const deregistered = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'colorteller:2' }));
  t.equal(deregistered.taskDefinition?.status, 'INACTIVE');
  t.ok(deregistered.taskDefinition?.deregisteredAt instanceof Date);
  const afterDeregister = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'colorteller' }));
  t.equal(afterDeregister.taskDefinition?.revision, 1);
  const inactive = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'colorteller:2' }));
  t.equal(inactive.taskDefinition?.status, 'INACTIVE', 'an INACTIVE revision stays describable by revision');
  const third = await ecs.send(new RegisterTaskDefinitionCommand(fargateTask));
  t.equal(third.taskDefinition?.revision, 3, 'revision numbers are never reused');

  const active = await ecs.send(new ListTaskDefinitionsCommand({}));
  t.same(active.taskDefinitionArns, [
    `${ARN}:task-definition/colorgateway:1`,
    `${ARN}:task-definition/colorteller:1`,
    `${ARN}:task-definition/colorteller:3`,
  ]);
  const family = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'colorteller', sort: 'DESC' }));
  t.same(family.taskDefinitionArns, [`${ARN}:task-definition/colorteller:3`, `${ARN}:task-definition/colorteller:1`]);
  const inactiveList = await ecs.send(new ListTaskDefinitionsCommand({ status: 'INACTIVE' }));
  t.same(inactiveList.taskDefinitionArns, [`${ARN}:task-definition/colorteller:2`]);
  const paged = await ecs.send(new ListTaskDefinitionsCommand({ maxResults: 2 }));
  t.equal(paged.taskDefinitionArns?.length, 2);
  const rest = await ecs.send(new ListTaskDefinitionsCommand({ maxResults: 2, nextToken: paged.nextToken }));
  t.same(rest.taskDefinitionArns, [`${ARN}:task-definition/colorteller:3`]);
});

t.test('task definition errors answer ClientException with ECS messages', async (t) => {
  const local = await startTestAwsLocal(t);
  const ecs = new ECSClient(local.clientConfig);
  const reject = (input: ConstructorParameters<typeof RegisterTaskDefinitionCommand>[0], message: string) =>
    t.rejects(ecs.send(new RegisterTaskDefinitionCommand(input)), { name: 'ClientException', message }, message);

  await reject({ family: 'x', containerDefinitions: [] }, 'Container list cannot be empty.');
  await reject(
    { ...fargateTask, containerDefinitions: [{ name: 'a' }] },
    'Container.image should not be null or empty.',
  );
  await reject(
    { ...fargateTask, containerDefinitions: [{ image: 'a' }] },
    'Container.name should not be null or empty.',
  );
  await reject(
    { ...fargateTask, executionRoleArn: undefined },
    "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
  );
  await reject({ ...fargateTask, networkMode: 'bridge' }, 'Fargate only supports network mode ‘awsvpc’.');
  await reject({ ...fargateTask, cpu: undefined }, "Fargate requires that 'cpu' be defined at the task level.");
  await reject(
    { family: 'ec2', containerDefinitions: [agent] },
    "Invalid setting for container 'agent'. At least one of 'memory' or 'memoryReservation' must be specified.",
  );
  await reject(
    { ...fargateTask, containerDefinitions: [envoy] },
    "Container 'envoy' depends on container 'agent', which is not defined in the task definition.",
  );
  await t.rejects(
    ecs.send(new RegisterTaskDefinitionCommand({ family: 'x', containerDefinitions: undefined })),
    {
      name: 'ValidationException',
      message: /Value null at 'containerDefinitions' failed to satisfy constraint: Member must not be null/,
    },
    'required members are checked first',
  );

  await t.rejects(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nothing' })), {
    name: 'ClientException',
    message: 'Unable to describe task definition.',
  });
  await t.rejects(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nothing:7' })), {
    name: 'ClientException',
    message: 'Unable to describe task definition.',
  });
  await t.rejects(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'nothing:1' })), {
    name: 'ClientException',
  });
  await t.rejects(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'colorteller' })), {
    name: 'ClientException',
    message: 'Revision is missing.',
  });
});
