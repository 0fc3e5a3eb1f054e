import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import t from 'tap';
import { publishEvent } from '../../../../services/aws-local/events/bus.ts';
import { MAX_RECORDED_EVENTS } from '../../../../services/aws-local/events/state.ts';
import { startTestAwsLocal, TEST_REGION } from '../../../helpers/aws-local.ts';
import { nth } from '../../../helpers/present.ts';
import { controls } from './helpers.ts';

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:renewals';

t.test('a rule targeting an SQS queue ARN puts each matching event into the queue', async (t) => {
  const local = await startTestAwsLocal(t, { tickIntervalMs: 0, delivery: { initialBackoffMs: 5, maxAttempts: 2 } });
  const events = new EventBridgeClient(local.clientConfig);
  const sqs = new SQSClient(local.clientConfig);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'renewals' }));
  await events.send(new PutRuleCommand({ Name: 'acm', EventPattern: JSON.stringify({ source: ['shop.orders'] }) }));
  await events.send(
    new PutTargetsCommand({
      Rule: 'acm',
      Targets: [
        { Id: 'queue', Arn: QUEUE_ARN },
        { Id: 'detail-only', Arn: QUEUE_ARN, InputPath: '$.detail' },
        { Id: 'missing', Arn: 'arn:aws:sqs:us-east-1:000000000000:not-there' },
      ],
    }),
  );
  const put = await events.send(
    new PutEventsCommand({ Entries: [{ Source: 'shop.orders', DetailType: 'Order Placed', Detail: '{"order":7}' }] }),
  );
  const { settle, events: recorded } = controls(local);
  await settle();

  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  const bodies = (received.Messages ?? []).map((m) => JSON.parse(m.Body ?? 'null') as Record<string, unknown>);
  t.equal(bodies.length, 2);
  t.match(bodies, [{ id: put.Entries?.[0]?.EventId, source: 'shop.orders', detail: { order: 7 } }, { order: 7 }]);
  const deliveries = nth(await recorded(), 0).deliveries;
  t.match(deliveries, [
    { targetId: 'queue', status: 'SUCCEEDED', result: { messageId: received.Messages?.[0]?.MessageId } },
    { targetId: 'detail-only', status: 'SUCCEEDED' },
    { targetId: 'missing', status: 'DEAD_LETTER', attempts: 2, lastError: /QueueDoesNotExist/ },
  ]);
});

t.test(
  'events recorded together beyond the event log bound all reach the queue (ACM renewing 520 certificates at once)',
  async (t) => {
    const local = await startTestAwsLocal(t, { tickIntervalMs: 0 });
    const events = new EventBridgeClient(local.clientConfig);
    const sqs = new SQSClient(local.clientConfig);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'renewals' }));
    await events.send(new PutRuleCommand({ Name: 'acm', EventPattern: JSON.stringify({ source: ['aws.acm'] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'acm', Targets: [{ Id: 'queue', Arn: QUEUE_ARN }] }));
    const count = MAX_RECORDED_EVENTS + 20;
    // What one scheduler tick does when ACM renews this many certificates: every event recorded before any delivery.
    const { env } = local.app.awsLocal;
    for (let i = 0; i < count; i++) {
      publishEvent(env, TEST_REGION, { source: 'aws.acm', detailType: 'ACM Certificate Available', detail: { i } });
    }
    await env.store.save();
    await controls(local).settle();

    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    t.equal(Number(Attributes?.ApproximateNumberOfMessages), count, 'one message per event, none lost');
    const recorded = await controls(local).events('?limit=1000');
    t.ok(
      recorded.every((e) => e.deliveries.every((d) => d.status === 'SUCCEEDED')),
      'no delivery left pending or dead-lettered',
    );
  },
);
