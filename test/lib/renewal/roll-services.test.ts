import { CreateClusterCommand, CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  CreateSecretCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import t, { type Test } from 'tap';
import type { BoundIdentity } from '../../../lib/renewal/bound-identities.ts';
import { ROLL_STAGE, rollBoundServices } from '../../../lib/renewal/roll-services.ts';
import type { EcsState } from '../../../services/aws-local/ecs/state.ts';
import { clientsFor, startTestAwsLocal, TEST_REGION } from '../../helpers/aws-local.ts';
import { capturingLogger } from '../../lambdas/renew-certificate/harness.ts';

async function setup(t: Test, services: string[]) {
  const local = await startTestAwsLocal(t, { tickIntervalMs: 0, timings: { 'ecs.rollout': 1_000 } });
  const clients = await clientsFor(local);
  await clients.ecs.send(new CreateClusterCommand({ clusterName: 'mesh' }));
  await clients.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'app',
      containerDefinitions: [{ name: 'app', image: 'app:1', memory: 128 }],
    }),
  );
  for (const name of services)
    await clients.ecs.send(
      new CreateServiceCommand({ cluster: 'mesh', serviceName: name, taskDefinition: 'app', desiredCount: 1 }),
    );
  const created = await clients.secrets.send(
    new CreateSecretCommand({ Name: 'pca-mtls/teller', SecretString: '{"v":1}', ClientRequestToken: 'a'.repeat(32) }),
  );
  const now = () => local.app.awsLocal.env.clock.now();
  const deps = {
    secrets: clients.secrets,
    ecs: clients.ecs,
    logger: capturingLogger('silent').logger,
    now,
    rollConcurrency: 2,
    rollLeaseMs: 15 * 60_000,
  };
  const bound = (ecsServices: string[], rotation: 'hot' | 'redeploy' = 'redeploy'): BoundIdentity => ({
    identity: 'teller',
    secretArn: created.ARN!,
    secretName: 'pca-mtls/teller',
    ecsServices,
    rotation,
    versionStages: {},
    tags: {},
    source: 'acm',
  });
  const writeVersion = (n: number) =>
    clients.secrets.send(
      new PutSecretValueCommand({
        SecretId: created.ARN,
        SecretString: `{"v":${n}}`,
        ClientRequestToken: String(n).repeat(32),
      }),
    );
  const deployments = (service: string) =>
    local.app.awsLocal.env.stateOf<EcsState>('ecs', TEST_REGION).services.mesh?.[service]?.deployments.length ?? 0;
  const holder = async () =>
    (await clients.secrets.send(new ListSecretVersionIdsCommand({ SecretId: created.ARN }))).Versions!.find((v) =>
      v.VersionStages?.includes(ROLL_STAGE),
    )?.VersionId;
  return { local, clients, deps, bound, writeVersion, deployments, holder, secretArn: created.ARN! };
}

t.test('hot identities and first versions roll nothing; the first version is marked', async (t) => {
  const { deps, bound, deployments, holder } = await setup(t, ['a']);
  t.match(await rollBoundServices(deps, bound(['mesh/a'], 'hot'), { recoverStale: true }), {
    status: 'not-needed',
    rolled: [],
  });
  t.match(await rollBoundServices(deps, bound([]), { recoverStale: true }), { status: 'not-needed' });
  t.match(await rollBoundServices(deps, bound(['mesh/a']), { recoverStale: true }), {
    status: 'first-version',
    rolled: [],
  });
  t.equal(await holder(), 'a'.repeat(32));
  t.equal(deployments('a'), 1);
});

t.test('two overlapping rolls of the same version: one rolls every service, the other finds it claimed', async (t) => {
  const { deps, bound, writeVersion, deployments, holder } = await setup(t, ['a', 'b', 'c']);
  await writeVersion(2);
  const identity = bound(['mesh/a', 'mesh/b', 'mesh/c']);
  const outcomes = await Promise.all([
    rollBoundServices(deps, identity, { recoverStale: false }),
    rollBoundServices(deps, identity, { recoverStale: false }),
  ]);
  t.same(outcomes.map((o) => o.status).sort(), ['claimed-elsewhere', 'rolled']);
  t.same(outcomes.flatMap((o) => o.rolled.map((r) => r.service)).sort(), ['mesh/a', 'mesh/b', 'mesh/c']);
  t.same([deployments('a'), deployments('b'), deployments('c')], [2, 2, 2]);
  t.equal(await holder(), '2'.repeat(32));
  t.match(await rollBoundServices(deps, identity, { recoverStale: true }), { status: 'already-rolled', rolled: [] });
});

t.test('a partial failure gives the claim back; the retry rolls only what is left', async (t) => {
  const { clients, deps, bound, writeVersion, deployments, holder } = await setup(t, ['a']);
  await writeVersion(2);
  const identity = bound(['mesh/a', 'mesh/ghost']);
  const first = await rollBoundServices(deps, identity, { recoverStale: false });
  t.equal(first.status, 'partial');
  t.same(
    first.rolled.map((r) => r.service),
    ['mesh/a'],
  );
  t.match(first.failures, [
    { service: 'mesh/ghost', code: 'SERVICE_NOT_FOUND', retryable: false, reason: /MISSING.*pca-mtls:ecs-services/ },
  ]);
  t.equal(await holder(), 'a'.repeat(32), 'released to the previous version');

  await clients.ecs.send(
    new CreateServiceCommand({ cluster: 'mesh', serviceName: 'ghost', taskDefinition: 'app', desiredCount: 1 }),
  );
  // ghost was created after version 2: it already runs it and needs no roll; a runs it since the first roll.
  t.match(await rollBoundServices(deps, identity, { recoverStale: true }), {
    status: 'rolled',
    rolled: [],
    failures: [],
  });
  t.same([deployments('a'), deployments('ghost')], [2, 1]);
  t.equal(await holder(), '2'.repeat(32));
});

t.test('a claim abandoned mid-roll is taken over by the sweep once the lease has passed', async (t) => {
  const { local, clients, deps, bound, writeVersion, deployments, secretArn } = await setup(t, ['a']);
  await writeVersion(2);
  // A claimant that died right after claiming: the label is on version 2, nothing rolled.
  await clients.secrets.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretArn,
      VersionStage: ROLL_STAGE,
      MoveToVersionId: '2'.repeat(32),
    }),
  );
  const identity = bound(['mesh/a']);
  t.match(
    await rollBoundServices(deps, identity, { recoverStale: false }),
    { status: 'already-rolled' },
    'events never take over',
  );
  t.match(
    await rollBoundServices(deps, identity, { recoverStale: true }),
    { status: 'already-rolled' },
    'within the lease the claimant may still be working',
  );
  await local.control('POST', 'clock', { advanceSeconds: 16 * 60 });
  const recovered = await rollBoundServices(deps, identity, { recoverStale: true });
  t.match(recovered, { status: 'rolled', rolled: [{ service: 'mesh/a' }] });
  t.equal(deployments('a'), 2);
  t.match(
    await rollBoundServices(deps, identity, { recoverStale: true }),
    { status: 'already-rolled' },
    'and only once',
  );
});
