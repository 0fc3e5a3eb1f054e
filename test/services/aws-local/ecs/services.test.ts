import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import t from 'tap';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';
import { nth } from '../../../helpers/present.ts';

const ARN = 'arn:aws:ecs:us-east-1:000000000000';
/** Long enough that no rollout completes by itself while a test runs; tests move the clock instead. */
const ROLLOUT_MS = 600_000;
const network = {
  awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' as const },
};

async function setup(t: Teardown) {
  const local = await startTestAwsLocal(t, { timings: { 'ecs.rollout': ROLLOUT_MS } });
  const ecs = new ECSClient(local.clientConfig);
  await ecs.send(new CreateClusterCommand({ clusterName: 'mesh' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'colorteller',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: 'colorteller:1', portMappings: [{ containerPort: 8080 }] }],
    }),
  );
  return { local, ecs };
}

t.test('CreateService answers the service with one PRIMARY deployment IN_PROGRESS', async (t) => {
  const { local, ecs } = await setup(t);
  const { service } = await ecs.send(
    new CreateServiceCommand({
      cluster: 'mesh',
      serviceName: 'colorteller',
      taskDefinition: 'colorteller',
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: network,
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        maximumPercent: 200,
        minimumHealthyPercent: 50,
      },
      tags: [{ key: 'pca-mtls:identity', value: 'colorteller' }],
    }),
  );
  t.match(service, {
    serviceArn: `${ARN}:service/mesh/colorteller`,
    serviceName: 'colorteller',
    clusterArn: `${ARN}:cluster/mesh`,
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 2,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    taskDefinition: `${ARN}:task-definition/colorteller:1`,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 50,
    },
    networkConfiguration: network,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    tags: [{ key: 'pca-mtls:identity', value: 'colorteller' }],
  });
  t.equal(service?.deployments?.length, 1);
  const deployment = nth(service?.deployments, 0, 'deployments');
  t.match(deployment.id, /^ecs-svc\/\d{19}$/);
  t.match(deployment, {
    status: 'PRIMARY',
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${deployment.id} in progress.`,
    taskDefinition: `${ARN}:task-definition/colorteller:1`,
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 2,
    failedTasks: 0,
    launchType: 'FARGATE',
  });
  t.ok(deployment.createdAt instanceof Date && deployment.updatedAt instanceof Date);
  t.same(service?.events, [], 'no events before the rollout completes');

  await local.control('POST', 'clock', { advanceSeconds: ROLLOUT_MS / 1000 + 1 });
  const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'mesh', services: ['colorteller'] }));
  const steady = nth(services, 0, 'services');
  t.match(steady, { runningCount: 2, pendingCount: 0 });
  t.match(steady.deployments, [
    {
      id: deployment.id,
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      rolloutStateReason: `ECS deployment ${deployment.id} completed.`,
      runningCount: 2,
      pendingCount: 0,
    },
  ]);
  t.same(
    steady.events?.map((e) => e.message),
    [
      '(service colorteller) has reached a steady state.',
      `(service colorteller) (deployment ${deployment.id}) deployment completed.`,
    ],
  );
  const again = await ecs.send(new DescribeServicesCommand({ cluster: 'mesh', services: ['colorteller'] }));
  t.same(
    nth(again.services, 0).events?.map((e) => e.id),
    steady.events?.map((e) => e.id),
    'event ids are stable',
  );
  t.equal(steady.tags, undefined, 'no tags without include');

  const clusters = await ecs.send(new DescribeClustersCommand({ clusters: ['mesh'] }));
  t.match(clusters.clusters![0], { activeServicesCount: 1, runningTasksCount: 2, pendingTasksCount: 0 });
});

t.test('DescribeServices answers services and MISSING failures; by name or ARN; include TAGS', async (t) => {
  const { ecs } = await setup(t);
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'mesh',
      serviceName: 'a',
      taskDefinition: 'colorteller:1',
      desiredCount: 1,
      networkConfiguration: network,
      tags: [{ key: 'k', value: 'v' }],
    }),
  );
  const out = await ecs.send(
    new DescribeServicesCommand({
      cluster: `${ARN}:cluster/mesh`,
      services: [`${ARN}:service/mesh/a`, 'missing', `${ARN}:service/mesh/gone`],
      include: ['TAGS'],
    }),
  );
  t.equal(out.services?.length, 1);
  t.same(nth(out.services, 0).tags, [{ key: 'k', value: 'v' }]);
  t.equal(nth(out.services, 0).launchType, 'EC2', 'EC2 is the default launch type');
  t.same(out.failures, [
    { arn: `${ARN}:service/mesh/missing`, reason: 'MISSING' },
    { arn: `${ARN}:service/mesh/gone`, reason: 'MISSING' },
  ]);
  await t.rejects(ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['a'] })), {
    name: 'ClusterNotFoundException',
    message: 'Cluster not found.',
  });
  await t.rejects(
    ecs.send(new DescribeServicesCommand({ services: ['a'] })),
    {
      name: 'ClusterNotFoundException',
      message: 'Cluster not found.',
    },
    'the default cluster does not exist yet',
  );
  await t.rejects(ecs.send(new DescribeServicesCommand({ cluster: 'mesh', services: [] })), {
    name: 'InvalidParameterException',
    message: 'Services cannot be empty.',
  });
});

t.test('CreateService errors', async (t) => {
  const { ecs } = await setup(t);
  const base = { cluster: 'mesh', serviceName: 's', taskDefinition: 'colorteller', networkConfiguration: network };
  await t.rejects(ecs.send(new CreateServiceCommand({ ...base, cluster: 'nope' })), {
    name: 'ClusterNotFoundException',
    message: 'Cluster not found.',
  });
  await t.rejects(ecs.send(new CreateServiceCommand({ ...base, taskDefinition: 'nothing' })), {
    name: 'ClientException',
    message: 'TaskDefinition not found.',
  });
  await t.rejects(ecs.send(new CreateServiceCommand({ ...base, networkConfiguration: undefined })), {
    name: 'InvalidParameterException',
    message: "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
  });
  await t.rejects(
    ecs.send(
      new CreateServiceCommand({
        ...base,
        launchType: 'FARGATE',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }],
      }),
    ),
    { name: 'InvalidParameterException', message: /Specifying both a launch type and capacity provider strategy/ },
  );
  await t.rejects(
    ecs.send(
      new CreateServiceCommand({
        ...base,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true } as never },
      }),
    ),
    { name: 'ValidationException', message: /'deploymentConfiguration.deploymentCircuitBreaker.rollback'/ },
    'the circuit breaker needs enable and rollback',
  );

  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'ec2only',
      containerDefinitions: [{ name: 'a', image: 'a', memory: 64 }],
    }),
  );
  await t.rejects(ecs.send(new CreateServiceCommand({ ...base, taskDefinition: 'ec2only', launchType: 'FARGATE' })), {
    name: 'InvalidParameterException',
    message: 'Task definition does not support launch_type FARGATE.',
  });

  const first = await ecs.send(new CreateServiceCommand({ ...base, clientToken: 'token-1' }));
  const repeat = await ecs.send(new CreateServiceCommand({ ...base, clientToken: 'token-1' }));
  t.equal(repeat.service?.deployments?.[0]?.id, first.service?.deployments?.[0]?.id, 'same clientToken: same service');
  await t.rejects(ecs.send(new CreateServiceCommand(base)), {
    name: 'InvalidParameterException',
    message: 'Creation of service was not idempotent.',
  });

  await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'colorteller:1' }));
  await t.rejects(
    ecs.send(new CreateServiceCommand({ ...base, serviceName: 'other', taskDefinition: 'colorteller:1' })),
    {
      name: 'ClientException',
      message: 'TaskDefinition is inactive',
    },
  );
});

t.test('ListServices pages through a cluster; DeleteService drains then INACTIVE', async (t) => {
  const { local, ecs } = await setup(t);
  for (const name of ['one', 'two', 'three']) {
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'mesh',
        serviceName: name,
        taskDefinition: 'colorteller',
        desiredCount: 1,
        networkConfiguration: network,
      }),
    );
  }
  const all = await ecs.send(new ListServicesCommand({ cluster: 'mesh' }));
  t.same(
    all.serviceArns,
    ['one', 'two', 'three'].map((n) => `${ARN}:service/mesh/${n}`),
  );
  const page1 = await ecs.send(new ListServicesCommand({ cluster: 'mesh', maxResults: 2 }));
  t.equal(page1.serviceArns?.length, 2);
  const page2 = await ecs.send(new ListServicesCommand({ cluster: 'mesh', maxResults: 2, nextToken: page1.nextToken }));
  t.same(page2.serviceArns, [`${ARN}:service/mesh/three`]);
  t.equal(page2.nextToken, undefined);
  const fargateOnly = await ecs.send(new ListServicesCommand({ cluster: 'mesh', launchType: 'FARGATE' }));
  t.same(fargateOnly.serviceArns, [], 'filtered by launch type');
  await t.rejects(ecs.send(new ListServicesCommand({ cluster: 'nope' })), { name: 'ClusterNotFoundException' });
  await t.rejects(ecs.send(new ListServicesCommand({ cluster: 'mesh', maxResults: 101 })), {
    name: 'InvalidParameterException',
  });

  await t.rejects(ecs.send(new DeleteServiceCommand({ cluster: 'mesh', service: 'two' })), {
    name: 'InvalidParameterException',
    message: 'The service cannot be stopped while it is scaled above 0.',
  });
  const deleted = await ecs.send(new DeleteServiceCommand({ cluster: 'mesh', service: 'two', force: true }));
  t.equal(deleted.service?.status, 'DRAINING');
  t.equal(deleted.service?.desiredCount, 0);
  await t.rejects(ecs.send(new UpdateServiceCommand({ cluster: 'mesh', service: 'two', forceNewDeployment: true })), {
    name: 'ServiceNotActiveException',
    message: 'Service was not ACTIVE.',
  });
  await t.rejects(
    ecs.send(
      new CreateServiceCommand({
        cluster: 'mesh',
        serviceName: 'two',
        taskDefinition: 'colorteller',
        networkConfiguration: network,
      }),
    ),
    { name: 'InvalidParameterException', message: 'Unable to Start a service that is still Draining.' },
  );
  await t.rejects(ecs.send(new DeleteServiceCommand({ cluster: 'mesh', service: 'nope' })), {
    name: 'ServiceNotFoundException',
    message: 'Service not found.',
  });

  await local.control('POST', 'clock', { advanceSeconds: ROLLOUT_MS / 1000 + 1 });
  const after = await ecs.send(new DescribeServicesCommand({ cluster: 'mesh', services: ['two'] }));
  t.match(after.services![0], { status: 'INACTIVE', runningCount: 0, deployments: [] });
  const listed = await ecs.send(new ListServicesCommand({ cluster: 'mesh' }));
  t.same(
    listed.serviceArns,
    [`${ARN}:service/mesh/one`, `${ARN}:service/mesh/three`],
    'INACTIVE services are not listed',
  );
  const recreated = await ecs.send(
    new CreateServiceCommand({
      cluster: 'mesh',
      serviceName: 'two',
      taskDefinition: 'colorteller',
      networkConfiguration: network,
    }),
  );
  t.equal(recreated.service?.status, 'ACTIVE', 'the name is free again once INACTIVE');
});
