import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Deployment,
} from '@aws-sdk/client-ecs';
import t, { type Test } from 'tap';
import { countDeployments, serviceDeployments } from '../../../../services/aws-local/ecs/inspect.ts';
import { startTestAwsLocal, TEST_REGION, type TestAwsLocal } from '../../../helpers/aws-local.ts';
import { nth } from '../../../helpers/present.ts';

const ARN = 'arn:aws:ecs:us-east-1:000000000000';
/** Long enough that no rollout completes by itself while a test runs; tests move the clock instead. */
const ROLLOUT_MS = 600_000;

async function setup(t: Parameters<typeof startTestAwsLocal>[0], options: { stateDir?: string } = {}) {
  const local = await startTestAwsLocal(t, { timings: { 'ecs.rollout': ROLLOUT_MS }, ...options });
  const ecs = new ECSClient(local.clientConfig);
  await ecs.send(new CreateClusterCommand({ clusterName: 'mesh' }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'colorteller',
      containerDefinitions: [{ name: 'app', image: 'colorteller:1', memory: 128 }],
    }),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'mesh',
      serviceName: 'colorteller',
      taskDefinition: 'colorteller',
      desiredCount: 2,
    }),
  );
  return { local, ecs };
}

const advancePastRollout = (local: TestAwsLocal) =>
  local.control('POST', 'clock', { advanceSeconds: ROLLOUT_MS / 1000 + 1 });

async function deploymentsOf(ecs: ECSClient): Promise<Deployment[]> {
  const out = await ecs.send(new DescribeServicesCommand({ cluster: 'mesh', services: ['colorteller'] }));
  return nth(out.services, 0).deployments!;
}

t.test('forceNewDeployment: PRIMARY IN_PROGRESS + ACTIVE, then one PRIMARY COMPLETED with the new id', async (t) => {
  const { local, ecs } = await setup(t);
  await advancePastRollout(local);
  const original = nth(await deploymentsOf(ecs), 0, 'deployments');
  t.match(original, { status: 'PRIMARY', rolloutState: 'COMPLETED', runningCount: 2 });

  const updated = await ecs.send(
    new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', forceNewDeployment: true }),
  );
  const during = updated.service!.deployments!;
  t.equal(during.length, 2, 'the new deployment and the old one');
  const primary = nth(during, 0);
  const active = during[1];
  t.match(primary, {
    status: 'PRIMARY',
    rolloutState: 'IN_PROGRESS',
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 2,
    taskDefinition: `${ARN}:task-definition/colorteller:1`,
  });
  t.not(primary.id, original.id, 'a new deployment id');
  t.match(primary.id, /^ecs-svc\/\d{19}$/);
  t.match(active, { id: original.id, status: 'ACTIVE', rolloutState: 'COMPLETED', runningCount: 2 });
  t.match(updated.service, { runningCount: 2, pendingCount: 2 }, 'old tasks run while new ones start');
  t.equal(countDeployments(local.app.awsLocal.env, TEST_REGION, 'mesh', 'colorteller'), 2, 'the read helper agrees');

  await advancePastRollout(local);
  const after = await deploymentsOf(ecs);
  t.equal(after.length, 1, 'the old deployment has drained');
  t.match(after[0], {
    id: primary.id,
    status: 'PRIMARY',
    rolloutState: 'COMPLETED',
    rolloutStateReason: `ECS deployment ${primary.id} completed.`,
    runningCount: 2,
    pendingCount: 0,
  });
  t.ok(
    nth(after, 0).updatedAt!.getTime() > nth(after, 0).createdAt!.getTime(),
    'updatedAt moves when the rollout completes',
  );
  t.same(
    serviceDeployments(local.app.awsLocal.env, TEST_REGION, `${ARN}:cluster/mesh`, `${ARN}:service/mesh/colorteller`),
    [
      {
        id: primary.id,
        status: 'PRIMARY',
        rolloutState: 'COMPLETED',
        taskDefinition: `${ARN}:task-definition/colorteller:1`,
        desiredCount: 2,
        runningCount: 2,
      },
    ],
  );
});

t.test('two forced deployments in a row: newest PRIMARY, both older ACTIVE, all drain when it completes', async (t) => {
  const { local, ecs } = await setup(t);
  await advancePastRollout(local);
  const original = nth(await deploymentsOf(ecs), 0, 'deployments');
  const first = await ecs.send(
    new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', forceNewDeployment: true }),
  );
  const firstId = nth(first.service!.deployments, 0).id;
  await local.control('POST', 'clock', { advanceSeconds: 60 });
  const second = await ecs.send(
    new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', forceNewDeployment: true }),
  );
  const during = second.service!.deployments!;
  t.same(
    during.map((d) => [d.id, d.status, d.rolloutState]),
    [
      [nth(during, 0).id, 'PRIMARY', 'IN_PROGRESS'],
      [firstId, 'ACTIVE', 'IN_PROGRESS'],
      [original.id, 'ACTIVE', 'COMPLETED'],
    ],
  );
  t.equal(nth(during, 1).runningCount, 0, 'the interrupted rollout started no tasks that stay');

  // The interrupted first rollout's own time passes: it never completes, nothing drains.
  await local.control('POST', 'clock', { advanceSeconds: ROLLOUT_MS / 1000 - 30 });
  t.equal((await deploymentsOf(ecs)).length, 3, 'the replaced rollout does not complete on its own schedule');

  await local.control('POST', 'clock', { advanceSeconds: 60 });
  const after = await deploymentsOf(ecs);
  t.same(
    after.map((d) => [d.id, d.status, d.rolloutState]),
    [[nth(during, 0).id, 'PRIMARY', 'COMPLETED']],
  );
});

t.test('a new task definition starts a deployment; desiredCount alone scales the PRIMARY in place', async (t) => {
  const { local, ecs } = await setup(t);
  await advancePastRollout(local);
  const original = nth(await deploymentsOf(ecs), 0, 'deployments');

  const scaled = await ecs.send(new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', desiredCount: 3 }));
  t.equal(scaled.service!.deployments!.length, 1, 'no new deployment for a scale');
  t.match(scaled.service, { desiredCount: 3, deployments: [{ id: original.id, desiredCount: 3, runningCount: 3 }] });

  const noChange = await ecs.send(
    new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', taskDefinition: 'colorteller:1' }),
  );
  t.equal(noChange.service!.deployments!.length, 1, 'the same task definition is not a change');

  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'colorteller',
      containerDefinitions: [{ name: 'app', image: 'colorteller:2', memory: 128 }],
    }),
  );
  const rolled = await ecs.send(
    new UpdateServiceCommand({
      cluster: 'mesh',
      service: 'colorteller',
      taskDefinition: 'colorteller',
      desiredCount: 4,
    }),
  );
  t.match(rolled.service, {
    taskDefinition: `${ARN}:task-definition/colorteller:2`,
    desiredCount: 4,
    deployments: [
      {
        status: 'PRIMARY',
        rolloutState: 'IN_PROGRESS',
        taskDefinition: `${ARN}:task-definition/colorteller:2`,
        desiredCount: 4,
      },
      { id: original.id, status: 'ACTIVE', taskDefinition: `${ARN}:task-definition/colorteller:1` },
    ],
  });
  await advancePastRollout(local);
  t.match(await deploymentsOf(ecs), [
    {
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      taskDefinition: `${ARN}:task-definition/colorteller:2`,
      runningCount: 4,
    },
  ]);
});

t.test('UpdateService errors: missing cluster, missing service, missing task definition', async (t) => {
  const { ecs } = await setup(t);
  await t.rejects(
    ecs.send(new UpdateServiceCommand({ cluster: 'nope', service: 'colorteller', forceNewDeployment: true })),
    {
      name: 'ClusterNotFoundException',
      message: 'Cluster not found.',
    },
  );
  await t.rejects(ecs.send(new UpdateServiceCommand({ cluster: 'mesh', service: 'nope', forceNewDeployment: true })), {
    name: 'ServiceNotFoundException',
    message: 'Service not found.',
  });
  await t.rejects(
    ecs.send(new UpdateServiceCommand({ service: 'colorteller', forceNewDeployment: true })),
    {
      name: 'ClusterNotFoundException',
    },
    'the default cluster is assumed and does not exist',
  );
  await t.rejects(
    ecs.send(new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', taskDefinition: 'nope' })),
    {
      name: 'ClientException',
      message: 'TaskDefinition not found.',
    },
  );
  const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'mesh', services: ['colorteller'] }));
  t.equal(nth(services, 0).deployments!.length, 1, 'failed updates start no deployment');
});

t.test('deployments survive a restart and keep following the clock', async (t) => {
  const first = await setup(t);
  const stateDir = first.local.stateDir;
  const started = await first.ecs.send(
    new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', forceNewDeployment: true }),
  );
  const newId = nth(started.service!.deployments, 0).id;
  await first.local.close();

  const local = await startTestAwsLocal(t, { stateDir, timings: { 'ecs.rollout': 1 } });
  const ecs = new ECSClient(local.clientConfig);
  t.same(
    (await deploymentsOf(ecs)).map((d) => [d.id, d.status, d.rolloutState]),
    [
      [newId, 'PRIMARY', 'IN_PROGRESS'],
      [nth(started.service!.deployments, 1).id, 'ACTIVE', 'IN_PROGRESS'],
    ],
    'the rollout time fixed at the start still applies after a restart with other timings',
  );
  await advancePastRollout(local);
  t.same(
    (await deploymentsOf(ecs)).map((d) => [d.id, d.rolloutState]),
    [[newId, 'COMPLETED']],
  );
});

async function failNextRollout(t: Test, local: TestAwsLocal) {
  const fault = await local.control('POST', 'faults', {
    service: 'ecs',
    operation: 'UpdateService',
    effect: 'ecs-rollout-failure',
    count: 1,
  });
  t.equal(fault.status, 201);
}

async function withCircuitBreaker(ecs: ECSClient, rollback: boolean) {
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'mesh',
      service: 'colorteller',
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback } },
    }),
  );
}

t.test(
  'a failing rollout with the circuit breaker and rollback: FAILED, then a rollback deployment that drains it',
  async (t) => {
    const { local, ecs } = await setup(t);
    await advancePastRollout(local);
    const original = (await deploymentsOf(ecs)).at(0)!;
    await withCircuitBreaker(ecs, true);
    t.equal((await deploymentsOf(ecs)).length, 1, 'changing the circuit breaker alone starts no deployment');
    await failNextRollout(t, local);
    const updated = await ecs.send(
      new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', forceNewDeployment: true }),
    );
    const failing = updated.service!.deployments!.at(0)!;
    t.match(failing, { status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }, 'nothing shows yet');

    await advancePastRollout(local);
    const afterFailure = await deploymentsOf(ecs);
    t.match(afterFailure, [
      {
        status: 'PRIMARY',
        rolloutState: 'IN_PROGRESS',
        taskDefinition: original.taskDefinition,
        pendingCount: 2,
      },
      {
        id: failing.id,
        status: 'ACTIVE',
        rolloutState: 'FAILED',
        rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
        failedTasks: 2,
        runningCount: 0,
      },
      { id: original.id, status: 'ACTIVE', rolloutState: 'COMPLETED', runningCount: 2 },
    ]);
    const described = await ecs.send(new DescribeServicesCommand({ cluster: 'mesh', services: ['colorteller'] }));
    t.match(
      described.services!.at(0)!.events!.at(0)!.message,
      /\(deployment ecs-svc\/\d+\) deployment failed: tasks failed to start\./,
    );

    await advancePastRollout(local);
    const afterRollback = await deploymentsOf(ecs);
    t.equal(afterRollback.length, 1, 'the rollback completed; the failed and the old deployment drained');
    t.match(afterRollback[0], {
      id: afterFailure.at(0)!.id,
      status: 'PRIMARY',
      rolloutState: 'COMPLETED',
      runningCount: 2,
    });
    t.same(
      serviceDeployments(local.app.awsLocal.env, TEST_REGION, 'mesh', 'colorteller').map((d) => d.id),
      [afterFailure.at(0)!.id],
      'derived from stored timestamps, as DescribeServices shows it',
    );
  },
);

t.test(
  'circuit breaker without rollback: the FAILED deployment stays PRIMARY, the old one keeps running',
  async (t) => {
    const { local, ecs } = await setup(t);
    await advancePastRollout(local);
    await withCircuitBreaker(ecs, false);
    await failNextRollout(t, local);
    await ecs.send(new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', forceNewDeployment: true }));
    await advancePastRollout(local);
    await advancePastRollout(local);
    t.match(await deploymentsOf(ecs), [
      { status: 'PRIMARY', rolloutState: 'FAILED' },
      { status: 'ACTIVE', rolloutState: 'COMPLETED', runningCount: 2 },
    ]);
    // A later healthy deployment replaces it and, once completed, drains both.
    await ecs.send(new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', forceNewDeployment: true }));
    await advancePastRollout(local);
    t.match(await deploymentsOf(ecs), [{ status: 'PRIMARY', rolloutState: 'COMPLETED' }]);
  },
);

t.test('without the circuit breaker a failing rollout stays IN_PROGRESS with failed tasks', async (t) => {
  const { local, ecs } = await setup(t);
  await advancePastRollout(local);
  await failNextRollout(t, local);
  await ecs.send(new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', forceNewDeployment: true }));
  await advancePastRollout(local);
  t.match(await deploymentsOf(ecs), [
    { status: 'PRIMARY', rolloutState: 'IN_PROGRESS', failedTasks: 2 },
    { status: 'ACTIVE', rolloutState: 'COMPLETED' },
  ]);
  const bad = await local.control('POST', 'faults', { service: 'acm', effect: 'ecs-rollout-failure' });
  t.equal(bad.status, 400, 'the effect belongs to ECS');
});

t.test('an injected rollout failure survives a restart: the stored failure still fails the rollout', async (t) => {
  const first = await setup(t);
  await advancePastRollout(first.local);
  const original = nth(await deploymentsOf(first.ecs), 0);
  await withCircuitBreaker(first.ecs, true);
  await failNextRollout(t, first.local);
  const updated = await first.ecs.send(
    new UpdateServiceCommand({ cluster: 'mesh', service: 'colorteller', forceNewDeployment: true }),
  );
  const failing = nth(updated.service!.deployments, 0);
  await first.local.close();

  const local = await startTestAwsLocal(t, { stateDir: first.local.stateDir, timings: { 'ecs.rollout': ROLLOUT_MS } });
  const ecs = new ECSClient(local.clientConfig);
  await advancePastRollout(local);
  t.match(await deploymentsOf(ecs), [
    { status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition: original.taskDefinition },
    { id: failing.id, status: 'ACTIVE', rolloutState: 'FAILED' },
    { id: original.id, status: 'ACTIVE', rolloutState: 'COMPLETED' },
  ]);
});
