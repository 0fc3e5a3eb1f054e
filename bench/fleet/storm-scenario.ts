/**
 * A renewal storm: N ACM identities (redeploy, one ECS service each) that ACM
 * renews together. ACM's events reach the renew function through the queue
 * (rule → SQS with a DLQ → event source mapping with ReportBatchItemFailures
 * and a maximum concurrency), each function instance pacing ExportCertificate
 * at quota / concurrency. Makespan from the clock advance until every secret
 * holds ACM's new serial and every service has a new deployment, against
 * N / ExportCertificate quota; dead letters; the throttled share of calls.
 */
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createRenewHandler, type RenewHandler } from '../../lambdas/renew-certificate/handler.js';
import { exportIdentity } from '../../lib/identity/export-identity.js';
import { parseExportRequest } from '../../lib/identity/export-request.js';
import { createLogger } from '../../lib/logger.js';
import { createRootCa } from '../../lib/private-ca/create-root-ca.js';
import { listBoundIdentities } from '../../lib/renewal/bound-identities.js';
import { mapWithConcurrency } from '../../lib/renewal/bounded-concurrency.js';
import { parseRenewalOptions } from '../../lib/renewal/renewal-options.js';
import { RENEWAL_RULES } from '../../infra/rules/renewal-rules.js';
import { CREDENTIALS, REGION, patiently, type World } from './world.js';

const DAY_MS = 86_400_000;
export const EXPORT_QUOTA = 5;
/** The mapping's ScalingConfig.MaximumConcurrency (2 is Lambda's minimum). */
const MAXIMUM_CONCURRENCY = 2;
const BATCH_SIZE = 10;
const silent = createLogger({ name: 'bench', level: process.env.BENCH_LOG_LEVEL ?? 'silent' });

export interface StormFigures {
  identities: number;
  seconds: number;
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

/** The queue path as the CDK stack wires it: rule → queue (DLQ after 5 receives) → mapping → renew function. */
async function wireQueue(world: World): Promise<{ sqs: SQSClient; dlqUrl: string; queueUrl: string }> {
  const sqs = new SQSClient({ endpoint: world.url, region: REGION, credentials: CREDENTIALS });
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'pca-mtls-renew-dlq' }));
  const dlqArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes!.QueueArn!;
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: 'pca-mtls-renew',
      Attributes: {
        VisibilityTimeout: '900',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }),
      },
    }),
  );
  const queueArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes!.QueueArn!;
  const rule = RENEWAL_RULES.find((r) => r.eventPattern)!;
  await world.clients.events.send(
    new PutRuleCommand({ Name: rule.name, EventPattern: JSON.stringify(rule.eventPattern) }),
  );
  await world.clients.events.send(
    new PutTargetsCommand({ Rule: rule.name, Targets: [{ Id: 'queue', Arn: queueArn }] }),
  );
  // Function instances as Lambda would run them: at most MAXIMUM_CONCURRENCY, each with its own clients and pacer.
  const options = parseRenewalOptions({ exportRatePerSecond: EXPORT_QUOTA / MAXIMUM_CONCURRENCY });
  const idle: RenewHandler[] = Array.from({ length: MAXIMUM_CONCURRENCY }, () =>
    createRenewHandler({ clients: world.functionClients(), logger: silent, now: world.now, options }),
  );
  world.local.app.awsLocal.lambdas.register('pca-mtls-renew', async (event: unknown) => {
    const instance = idle.pop();
    if (!instance) throw new Error('more concurrent invocations than the mapping allows');
    try {
      return await instance(event, { getRemainingTimeInMillis: () => 900_000 });
    } finally {
      idle.push(instance);
    }
  });
  world.local.app.awsLocal.eventSourceMappings.create({
    EventSourceArn: queueArn,
    FunctionName: 'pca-mtls-renew',
    BatchSize: BATCH_SIZE,
    ScalingConfig: { MaximumConcurrency: MAXIMUM_CONCURRENCY },
    FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
  return { sqs, dlqUrl: dlq.QueueUrl!, queueUrl: queue.QueueUrl! };
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

/** Until no message is waiting or in flight (the last batch answered): ACM's events are all handled. */
async function drained(sqs: SQSClient, queueUrl: string): Promise<void> {
  for (;;) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    if (Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible) === 0)
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function stormScenario(world: World, count: number): Promise<StormFigures> {
  const exported = await setUp(world, count);
  const { sqs, dlqUrl, queueUrl } = await wireQueue(world);
  world.applyDefaultQuotas();
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const renewalPoint = Math.max(...exported.map((e) => Date.parse(e.notAfter))) - 60 * DAY_MS + 5_000;
  const calls = world.mark();
  const started = performance.now();
  await world.control('POST', 'clock', { now: new Date(renewalPoint).toISOString() });
  await world.control('POST', 'settle', { timeoutMs: 900_000 });
  await drained(sqs, queueUrl);
  const seconds = (performance.now() - started) / 1000;
  const counted = calls();
  const state = await progress(world, exported, renewalPoint);
  const dlq = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return {
    identities: count,
    seconds,
    floorSeconds: count / EXPORT_QUOTA,
    ...state,
    deadLetters: Number(dlq.Attributes?.ApproximateNumberOfMessages ?? 0),
    calls: counted.total,
    throttled: counted.throttled,
    byOperation: counted.byOperation,
  };
}
