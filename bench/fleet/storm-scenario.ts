/**
 * A renewal storm: N ACM identities (redeploy, one ECS service each) that ACM
 * renews together. ACM's events reach the renew function through the stack's
 * queue path (renewal-queue.ts), each function instance pacing ExportCertificate
 * at quota / concurrency. Makespan from the clock advance until every event is
 * handled, against N / ExportCertificate quota (aws-local's default-quota
 * table); the part before the first invocation is aws-local's ACM signing N
 * renewals (AWS does that before it emits the events); then renewed and rolled
 * counts, dead letters, the throttled share of calls.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { exportIdentity } from '../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../lib/identity/export-request.ts';
import { createLogger } from '../../lib/logger.ts';
import { createRootCa } from '../../lib/private-ca/create-root-ca.ts';
import { listBoundIdentities } from '../../lib/renewal/bound-identities.ts';
import { mapWithConcurrency } from '../../lib/renewal/bounded-concurrency.ts';
import { deadLetters, drained, EXPORT_QUOTA, wireRenewalQueue } from './renewal-queue.ts';
import { patiently, type World } from './world.ts';

const DAY_MS = 86_400_000;
const silent = createLogger({ name: 'bench', level: process.env.BENCH_LOG_LEVEL ?? 'silent' });

export interface StormFigures {
  identities: number;
  seconds: number;
  /** From the clock advance to the first invocation: aws-local's ACM renewing N certificates. */
  acmSeconds: number;
  floorSeconds: number;
  renewed: number;
  rolled: number;
  deadLetters: number;
  calls: number;
  throttled: number;
  byOperation: (readonly [string, number])[];
}

async function setUp(world: World, count: number) {
  const { clients } = world;
  const ca = await createRootCa(clients.pca, { commonName: 'Storm Root' });
  await clients.ecs.send(new CreateClusterCommand({ clusterName: 'storm' }));
  await clients.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'app',
      containerDefinitions: [{ name: 'app', image: 'app:1', memory: 128 }],
    }),
  );
  const names = Array.from({ length: count }, (_, i) => `storm-${String(i).padStart(4, '0')}`);
  return mapWithConcurrency(names, 16, async (name) => {
    await clients.ecs.send(
      new CreateServiceCommand({ cluster: 'storm', serviceName: name, taskDefinition: 'app', desiredCount: 1 }),
    );
    return patiently(() =>
      exportIdentity(
        { clients, logger: silent },
        parseExportRequest({
          identity: name,
          caArn: ca.caArn,
          domain: `${name}.storm.local`,
          role: 'both',
          ecsServices: [`storm/${name}`],
          rotation: 'redeploy',
        }),
      ),
    );
  });
}

async function progress(world: World, exported: Awaited<ReturnType<typeof setUp>>, since: number) {
  const bound = await listBoundIdentities(world.clients.secrets);
  const serials = new Map(bound.map((b) => [b.identity, b.stored?.serial]));
  const renewed = exported.filter(
    (e) => serials.get(e.identity) !== undefined && serials.get(e.identity) !== e.serial,
  ).length;
  let rolled = 0;
  for (let i = 0; i < exported.length; i += 10) {
    const services = exported.slice(i, i + 10).map((e) => e.identity);
    const out = await world.clients.ecs.send(new DescribeServicesCommand({ cluster: 'storm', services }));
    for (const service of out.services ?? []) {
      const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
      if (primary?.createdAt && primary.createdAt.getTime() >= since) rolled++;
    }
  }
  return { renewed, rolled };
}

export async function stormScenario(world: World, count: number, options = { sweep: false }): Promise<StormFigures> {
  const exported = await setUp(world, count);
  const queue = await wireRenewalQueue(world, options);
  world.applyDefaultQuotas();
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const renewalPoint = Math.max(...exported.map((e) => Date.parse(e.notAfter))) - 60 * DAY_MS + 5_000;
  const calls = world.mark();
  const started = performance.now();
  await world.control('POST', 'clock', { now: new Date(renewalPoint).toISOString() });
  await world.control('POST', 'settle', { timeoutMs: 900_000 });
  await drained(queue.sqs, queue.queueUrl);
  const seconds = (performance.now() - started) / 1000;
  const acmSeconds = ((queue.firstInvocationAt() ?? started) - started) / 1000;
  const counted = calls();
  const state = await progress(world, exported, renewalPoint);
  return {
    identities: count,
    seconds,
    acmSeconds,
    floorSeconds: count / EXPORT_QUOTA,
    ...state,
    deadLetters: await deadLetters(queue),
    calls: counted.total,
    throttled: counted.throttled,
    byOperation: counted.byOperation,
  };
}
