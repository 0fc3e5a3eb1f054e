/**
 * `pca-mtls local`'s wiring (installProjectFunctions) against a real
 * aws-local over HTTP: ACM's events rule targets the renewal queue, a
 * renewal event goes rule → queue → event source mapping → the renew
 * handler, and installing again on the same state reuses what is there.
 */
import { ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { installProjectFunctions } from '../../../cli/local-wiring/project-functions.ts';
import { RENEWAL_QUEUE_NAME } from '../../../cli/local-wiring/local-names.ts';
import { RENEWAL_DLQ_NAME } from '../../../cli/local-wiring/renewal-queue.ts';
import {
  MAX_RECEIVE_COUNT,
  QUEUE_BATCH_SIZE,
  QUEUE_BATCHING_WINDOW_SECONDS,
  QUEUE_MAX_CONCURRENCY,
  VISIBILITY_TIMEOUT_FACTOR,
} from '../../../infra/rules/renewal-queue.ts';
import { RENEW_FUNCTION_TIMEOUT_MS } from '../../../infra/rules/renewal-rules.ts';
import { exportIdentity } from '../../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../../lib/identity/export-request.ts';
import { createLogger } from '../../../lib/logger.ts';
import { createRootCa } from '../../../lib/private-ca/create-root-ca.ts';
import { clientsFor, FAST_TIMINGS, startTestAwsLocal, TEST_REGION } from '../../helpers/aws-local.ts';

const DAY_MS = 86_400_000;
const silent = createLogger({ name: 'test', level: 'silent' });

async function queueAttributes(sqs: SQSClient, queueUrl: string) {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }));
  return out.Attributes ?? {};
}

t.test('the events rule targets the queue; queue, DLQ and mapping carry the stack settings', async (t) => {
  const local = await startTestAwsLocal(t);
  const wired = await installProjectFunctions(local, { region: TEST_REGION, logger: silent });
  const clients = await clientsFor(local);
  const targets = async (Rule: string) =>
    (await clients.events.send(new ListTargetsByRuleCommand({ Rule }))).Targets?.map((x) => x.Arn);
  t.same(await targets('pca-mtls-acm-events'), [wired.renewalQueue.queueArn], "ACM's events go to the queue only");
  t.match(wired.renewalQueue.queueArn, new RegExp(`:${RENEWAL_QUEUE_NAME}$`));
  t.same(await targets('pca-mtls-reconcile-sweep'), [wired.renewFunctionArn], 'the sweep invokes the function');

  const sqs = new SQSClient(local.clientConfig);
  t.teardown(() => sqs.destroy());
  const attributes = await queueAttributes(sqs, wired.renewalQueue.queueUrl);
  t.equal(attributes.VisibilityTimeout, String((RENEW_FUNCTION_TIMEOUT_MS / 1000) * VISIBILITY_TIMEOUT_FACTOR));
  const dlqArn = (await queueAttributes(sqs, wired.renewalQueue.dlqUrl)).QueueArn;
  t.match(dlqArn, new RegExp(`:${RENEWAL_DLQ_NAME}$`));
  t.same(JSON.parse(attributes.RedrivePolicy ?? '{}'), {
    deadLetterTargetArn: dlqArn,
    maxReceiveCount: MAX_RECEIVE_COUNT,
  });

  t.match(local.app.awsLocal.eventSourceMappings.list(), [
    {
      UUID: wired.renewalQueue.mappingUuid,
      EventSourceArn: wired.renewalQueue.queueArn,
      FunctionArn: wired.renewFunctionArn,
      BatchSize: QUEUE_BATCH_SIZE,
      MaximumBatchingWindowInSeconds: QUEUE_BATCHING_WINDOW_SECONDS,
      ScalingConfig: { MaximumConcurrency: QUEUE_MAX_CONCURRENCY },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      State: 'Enabled',
    },
  ]);
  t.equal(local.app.awsLocal.eventSourceMappings.list().length, 1);
});

t.test('a renewal event flows rule → queue → mapping → renew handler, which writes the new version', async (t) => {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS, tickIntervalMs: 0, defaultQuotas: true });
  const wired = await installProjectFunctions(local, { region: TEST_REGION, logger: silent });
  const clients = await clientsFor(local);
  const ca = await createRootCa(clients.pca, { commonName: 'Queue Root' });
  const exported = await exportIdentity(
    { clients, logger: silent },
    parseExportRequest({ identity: 'colorteller', caArn: ca.caArn, domain: 'colorteller.mesh.local', role: 'server' }),
  );
  await local.control('POST', 'clock', { now: new Date(Date.parse(exported.notAfter) - 60 * DAY_MS + 5_000) });
  // The mapping has the stack's 10 s batching window (the test above); this one follows the event to the new
  // version, so the settle ends the window instead of waiting it out in real time.
  t.equal((await local.control('POST', 'settle', { timeoutMs: 60_000, endBatchingWindows: true })).status, 200);

  const { body } = await local.control('GET', 'events?detailType=ACM%20Certificate%20Available');
  const renewal = body.events.find((e: any) => e.detail.Action === 'RENEWAL');
  t.match(renewal.deliveries, [{ targetArn: wired.renewalQueue.queueArn, status: 'SUCCEEDED' }], 'to the queue');
  t.equal(renewal.deliveries.length, 1, 'and not to the function directly');
  const [mapping] = local.app.awsLocal.eventSourceMappings.list();
  t.ok(mapping && mapping.stats.invocations >= 1 && mapping.stats.messagesDeleted >= 1, 'the mapping delivered it');
  const fromQueue = wired
    .renewSummaries()
    .filter((s) => s.trigger === 'ACM Certificate Available' && s.certificateArn === exported.certificateArn);
  t.match(
    fromQueue.flatMap((s) => s.versionsWritten),
    [{ identity: 'colorteller' }],
    'the renew handler wrote the version from the queued event',
  );
  const current = JSON.parse(
    (await clients.secrets.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorteller' }))).SecretString!,
  );
  t.not(current.serial, exported.serial, 'the secret holds the renewed certificate');
  const sqs = new SQSClient(local.clientConfig);
  t.teardown(() => sqs.destroy());
  const dlq = await queueAttributes(sqs, wired.renewalQueue.dlqUrl);
  t.equal(dlq.ApproximateNumberOfMessages, '0', 'no dead letter');
  const queue = await queueAttributes(sqs, wired.renewalQueue.queueUrl);
  t.equal(queue.ApproximateNumberOfMessages, '0');
  t.equal(queue.ApproximateNumberOfMessagesNotVisible, '0', 'the message was deleted after the batch succeeded');
});

t.test('installing again reuses the queues and the mapping; a restart on the same state dir too', async (t) => {
  const stateDir = t.testdir();
  const first = await startTestAwsLocal(t, { stateDir });
  const sqs1 = new SQSClient(first.clientConfig);
  // An older install's queue with other attributes: the install brings them to the stack's instead of failing.
  await sqs1.send(new CreateQueueCommand({ QueueName: RENEWAL_QUEUE_NAME, Attributes: { VisibilityTimeout: '30' } }));
  const a = await installProjectFunctions(first, { region: TEST_REGION, logger: silent });
  t.equal((await queueAttributes(sqs1, a.renewalQueue.queueUrl)).VisibilityTimeout, '1800');
  const b = await installProjectFunctions(first, { region: TEST_REGION, logger: silent });
  t.equal(b.renewalQueue.mappingReused, true, 'the running mapping is reused');
  t.equal(b.renewalQueue.mappingUuid, a.renewalQueue.mappingUuid);
  t.equal(first.app.awsLocal.eventSourceMappings.list().length, 1, 'one poller, not two');
  sqs1.destroy();
  await first.close();

  const second = await startTestAwsLocal(t, { stateDir });
  const c = await installProjectFunctions(second, { region: TEST_REGION, logger: silent });
  // The port differs between the two runs (port 0), so queues are compared by ARN and URL path.
  t.equal(c.renewalQueue.queueArn, a.renewalQueue.queueArn, 'the persisted queue is reused');
  t.equal(new URL(c.renewalQueue.dlqUrl).pathname, new URL(a.renewalQueue.dlqUrl).pathname);
  t.equal(c.renewalQueue.mappingReused, false, 'mappings live in the process: a restart creates it again');
  t.equal(second.app.awsLocal.eventSourceMappings.list().length, 1);
  const sqs2 = new SQSClient(second.clientConfig);
  t.teardown(() => sqs2.destroy());
  const urls = (await sqs2.send(new ListQueuesCommand({}))).QueueUrls ?? [];
  t.same(
    urls.map((url) => new URL(url).pathname).sort(),
    [`/000000000000/${RENEWAL_QUEUE_NAME}`, `/000000000000/${RENEWAL_DLQ_NAME}`],
    'two queues, not four',
  );
  const clients = await clientsFor(second);
  const targets = (await clients.events.send(new ListTargetsByRuleCommand({ Rule: 'pca-mtls-acm-events' }))).Targets;
  t.same(
    targets?.map((x) => x.Arn),
    [a.renewalQueue.queueArn],
    'one target: reinstalling replaced it, did not add one',
  );
});
