import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import t, { type Test } from 'tap';
import type { AwsLocalOptions } from '../../../../services/aws-local/app.ts';
import type { SqsRecord } from '../../../../services/aws-local/event-source-mappings/sqs-event.ts';
import { startTestAwsLocal } from '../../../helpers/aws-local.ts';

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:renewals';
const DLQ_ARN = 'arn:aws:sqs:us-east-1:000000000000:renewals-dlq';

async function withQueue(t: Test, options: AwsLocalOptions = {}) {
  const local = await startTestAwsLocal(t, { tickIntervalMs: 0, ...options });
  const sqs = new SQSClient(local.clientConfig);
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'renewals-dlq' }));
  const redrive = JSON.stringify({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 2 });
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: 'renewals', Attributes: { VisibilityTimeout: '30', RedrivePolicy: redrive } }),
  );
  const send = async (bodies: string[]) => {
    for (let i = 0; i < bodies.length; i += 10) {
      const Entries = bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: `m${i + j}`, MessageBody }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
    }
  };
  const count = async (url = QueueUrl) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes ?? {};
  const settle = async () =>
    t.equal((await local.control('POST', 'settle', { timeoutMs: 10_000 })).status, 200, 'settled');
  return { local, sqs, send, count, settle, dlqUrl: dlq.QueueUrl ?? '', lambdas: local.app.awsLocal.lambdas };
}

t.test('batches of up to BatchSize reach the handler as Lambda SQS events; successes are deleted', async (t) => {
  const { local, send, count, settle, lambdas } = await withQueue(t);
  const batches: SqsRecord[][] = [];
  lambdas.register('renew', async (event) => void batches.push((event as { Records: SqsRecord[] }).Records));
  const created = await local.control('POST', 'event-source-mappings', {
    EventSourceArn: QUEUE_ARN,
    FunctionName: 'renew',
    BatchSize: 10,
  });
  t.equal(created.status, 201);
  await send(Array.from({ length: 25 }, (_, i) => `event-${i}`));
  await settle();
  const bodies = batches.flat().map((r) => r.body);
  t.equal(bodies.length, 25, 'every message delivered once');
  t.same(new Set(bodies).size, 25);
  t.ok(
    batches.every((b) => b.length >= 1 && b.length <= 10),
    'no batch above BatchSize',
  );
  t.match(batches[0]?.[0], {
    eventSource: 'aws:sqs',
    eventSourceARN: QUEUE_ARN,
    awsRegion: 'us-east-1',
    attributes: { ApproximateReceiveCount: '1' },
    md5OfBody: /^[0-9a-f]{32}$/,
  });
  t.match(await count(), { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  const listed = await local.control('GET', 'event-source-mappings');
  t.match(listed.body.eventSourceMappings, [
    { UUID: created.body.UUID, stats: { messagesDeleted: 25, failedInvocations: 0 } },
  ]);
});

t.test('ScalingConfig.MaximumConcurrency bounds concurrent invocations', async (t) => {
  const { local, send, settle, lambdas } = await withQueue(t);
  let running = 0;
  let peak = 0;
  lambdas.register('renew', async () => {
    peak = Math.max(peak, ++running);
    await new Promise((resolve) => setTimeout(resolve, 20));
    running--;
  });
  local.app.awsLocal.eventSourceMappings.create({
    EventSourceArn: QUEUE_ARN,
    FunctionName: 'renew',
    BatchSize: 1,
    ScalingConfig: { MaximumConcurrency: 3 },
  });
  await send(Array.from({ length: 30 }, (_, i) => `event-${i}`));
  await settle();
  t.equal(peak, 3, 'the handler ran 3 at once, never more');
  t.match(local.app.awsLocal.eventSourceMappings.list()[0]?.stats, { invocations: 30, peakConcurrency: 3 });
});

t.test(
  'ReportBatchItemFailures: the listed messages come back after the visibility timeout, the rest are deleted',
  async (t) => {
    const { local, sqs, send, count, settle, lambdas } = await withQueue(t);
    const seen: { body: string; receiveCount: string | undefined }[] = [];
    lambdas.register('renew', async (event) => {
      const records = (event as { Records: SqsRecord[] }).Records;
      for (const r of records) seen.push({ body: r.body, receiveCount: r.attributes.ApproximateReceiveCount });
      return {
        batchItemFailures: records
          .filter((r) => r.body.startsWith('bad'))
          .map((r) => ({ itemIdentifier: r.messageId })),
      };
    });
    local.app.awsLocal.eventSourceMappings.create({
      EventSourceArn: QUEUE_ARN,
      FunctionName: 'renew',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    await send(['ok-1', 'bad-1', 'ok-2']);
    await settle();
    t.match(await count(), { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });
    await local.control('POST', 'clock', { advanceSeconds: 31 });
    await settle();
    t.same(
      seen.filter((s) => s.body === 'bad-1').map((s) => s.receiveCount),
      ['1', '2'],
      'the failed message was received again',
    );
    t.equal(seen.filter((s) => s.body.startsWith('ok')).length, 2, 'successes were not redelivered');
    await local.control('POST', 'clock', { advanceSeconds: 31 });
    await settle();
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: (await withDlq(local)).url }));
    t.equal(dead.Messages?.[0]?.Body, 'bad-1', 'after maxReceiveCount receives it moved to the dead-letter queue');
  },
);

async function withDlq(local: { url: string }) {
  return { url: `${local.url}/000000000000/renewals-dlq` };
}

t.test(
  'a handler that throws returns the whole batch; a malformed partial response fails the whole batch',
  async (t) => {
    const { local, count, send, settle, lambdas } = await withQueue(t);
    let calls = 0;
    lambdas.register('renew', async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
    });
    local.app.awsLocal.eventSourceMappings.create({
      EventSourceArn: QUEUE_ARN,
      FunctionName: 'renew',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    await send(['a', 'b']);
    await settle();
    t.match(await count(), { ApproximateNumberOfMessagesNotVisible: '2' }, 'nothing deleted after the throw');
    await local.control('POST', 'clock', { advanceSeconds: 31 });
    await settle();
    t.match(
      await count(),
      { ApproximateNumberOfMessagesNotVisible: '2' },
      'nothing deleted after a malformed response',
    );
    t.match(local.app.awsLocal.eventSourceMappings.list()[0]?.stats, {
      failedInvocations: 1,
      lastError: 'Error: boom',
    });
  },
);

t.test('the control API validates mappings and deletes them', async (t) => {
  const { local } = await withQueue(t);
  const bad = await local.control('POST', 'event-source-mappings', {
    EventSourceArn: QUEUE_ARN,
    FunctionName: 'renew',
    ScalingConfig: { MaximumConcurrency: 1 },
  });
  t.equal(bad.status, 400);
  t.match(bad.body.message, /ScalingConfig.MaximumConcurrency must be a whole number from 2 to 1000/);
  const noWindow = await local.control('POST', 'event-source-mappings', {
    EventSourceArn: QUEUE_ARN,
    FunctionName: 'renew',
    BatchSize: 100,
  });
  t.match(noWindow.body.message, /MaximumBatchingWindowInSeconds/);
  const created = await local.control('POST', 'event-source-mappings', {
    EventSourceArn: QUEUE_ARN,
    FunctionName: 'renew',
  });
  t.match(created.body, {
    FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:renew',
    BatchSize: 10,
    ScalingConfig: { MaximumConcurrency: 1250 },
    State: 'Enabled',
  });
  t.equal((await local.control('DELETE', `event-source-mappings/${created.body.UUID}`)).status, 200);
  t.equal((await local.control('DELETE', `event-source-mappings/${created.body.UUID}`)).status, 404);
});

t.test('settle waits for a batch whose receive is still saving the state', async (t) => {
  const { local, settle, lambdas } = await withQueue(t);
  const handled: string[] = [];
  lambdas.register('renew', async (event) => {
    for (const record of (event as { Records: SqsRecord[] }).Records) handled.push(record.body);
  });
  local.app.awsLocal.eventSourceMappings.create({ EventSourceArn: QUEUE_ARN, FunctionName: 'renew' });
  const events = new EventBridgeClient(local.clientConfig);
  t.teardown(() => events.destroy());
  await events.send(new PutRuleCommand({ Name: 'to-queue', EventPattern: JSON.stringify({ source: ['test'] }) }));
  await events.send(new PutTargetsCommand({ Rule: 'to-queue', Targets: [{ Id: 'q', Arn: QUEUE_ARN }] }));
  // A slow disk: the poller's receive makes the message invisible, then writes the state for a while before it
  // hands the batch over; settle, already waiting on the delivery to the queue, looks again meanwhile.
  const store = local.app.awsLocal.env.store;
  const save = store.save.bind(store);
  store.save = async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return save();
  };
  await events.send(new PutEventsCommand({ Entries: [{ Source: 'test', DetailType: 'x', Detail: '{}' }] }));
  await settle();
  t.equal(handled.length, 1, 'settle returned only after the handler ran');
});

/** A queue whose mapping (BatchSize 5) waits up to `windowSeconds` for a full batch; records each batch's bodies. */
async function withWindowedMapping(t: Test, windowSeconds: number) {
  const { local, send, lambdas } = await withQueue(t);
  const batches: string[][] = [];
  lambdas.register('renew', async (event) => {
    batches.push((event as { Records: SqsRecord[] }).Records.map((r) => r.body));
  });
  local.app.awsLocal.eventSourceMappings.create({
    EventSourceArn: QUEUE_ARN,
    FunctionName: 'renew',
    BatchSize: 5,
    MaximumBatchingWindowInSeconds: windowSeconds,
  });
  return { local, send, batches };
}

t.test(
  'a batching window holds a partial batch until it ends; settle {"endBatchingWindows": true} ends it at once',
  async (t) => {
    // A window far longer than any settle here: a batch invoked before it ended was ended on request.
    const { local, send, batches } = await withWindowedMapping(t, 300);
    const settle = (body: object) => local.control('POST', 'settle', { timeoutMs: 100, ...body });
    await send(['a', 'b']);
    t.equal((await settle({})).status, 504, 'a plain settle times out on the batch waiting for its window');
    t.same(batches, [], 'the window still holds the partial batch');
    t.equal((await settle({ endBatchingWindows: true, timeoutMs: 10_000 })).status, 200);
    t.same(batches, [['a', 'b']], 'the window ended: one batch with what the queue held');
    await send(['c']);
    t.equal((await settle({})).status, 504, 'once that settle returned, windows run their length again');
    t.same(batches, [['a', 'b']]);
    const bad = await local.control('POST', 'settle', { endBatchingWindows: 'yes' });
    t.equal(bad.status, 400, 'the option is a boolean');
  },
);

t.test('a batching window that runs out hands over the partial batch by itself', async (t) => {
  const { local, send, batches } = await withWindowedMapping(t, 1);
  const started = Date.now();
  await send(['a', 'b']);
  t.equal((await local.control('POST', 'settle', { timeoutMs: 10_000 })).status, 200);
  t.same(batches, [['a', 'b']], 'one batch, below BatchSize');
  // A lower bound only (load can only make it longer): the batch waited for its window.
  t.ok(Date.now() - started >= 1_000, 'handed over once the 1 s window ran out, not before');
});
