import {
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import t from 'tap';
import type { AwsLocalOptions } from '../../../../services/aws-local/app.ts';
import type { LambdaInvokeContext } from '../../../../services/aws-local/lambda-targets/registry.ts';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';
import { controls } from '../scheduler/helpers.ts';
import { nth } from '../../../helpers/present.ts';

const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:renew';

async function withRule(t: Teardown, targets: Target[], options: AwsLocalOptions = {}) {
  const local = await startTestAwsLocal(t, {
    tickIntervalMs: 0,
    delivery: { initialBackoffMs: 5, maxAttempts: 3 },
    ...options,
  });
  const client = new EventBridgeClient(local.clientConfig);
  await client.send(new PutRuleCommand({ Name: 'orders', EventPattern: JSON.stringify({ source: ['shop.orders'] }) }));
  await client.send(new PutTargetsCommand({ Rule: 'orders', Targets: targets }));
  const put = async (detail: object = { order: 1 }) => {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'shop.orders',
            DetailType: 'Order Placed',
            Detail: JSON.stringify(detail),
            Resources: ['arn:aws:shop:order/1'],
          },
        ],
      }),
    );
    return nth(out.Entries, 0).EventId!;
  };
  return { local, put, lambdas: local.app.awsLocal.lambdas, ...controls(local) };
}

t.test(
  'a registered handler receives the whole event and a Lambda context; its result is recorded with the delivery',
  async (t) => {
    const { put, lambdas, settle, events } = await withRule(t, [{ Id: 'renew', Arn: FUNCTION }]);
    const received: { event: any; context: LambdaInvokeContext; remaining: number }[] = [];
    lambdas.register(FUNCTION, async (event, context) => {
      received.push({ event, context, remaining: context.getRemainingTimeInMillis() });
      return { renewed: ['colorteller'], versionsWritten: 1 };
    });
    const id = await put({ order: 42 });
    await settle();
    t.equal(received.length, 1);
    t.match(nth(received, 0).event, {
      id,
      source: 'shop.orders',
      'detail-type': 'Order Placed',
      account: '000000000000',
      region: 'us-east-1',
      resources: ['arn:aws:shop:order/1'],
      detail: { order: 42 },
    });
    t.match(nth(received, 0).context, {
      functionName: 'renew',
      invokedFunctionArn: FUNCTION,
      functionVersion: '$LATEST',
    });
    t.match(nth(received, 0).context.awsRequestId, /^[0-9a-f-]{36}$/);
    t.ok(
      nth(received, 0).remaining > 0 && nth(received, 0).remaining <= 60_000,
      'time left before the invocation timeout',
    );
    const recorded = nth(await events(), 0, 'events');
    t.same(recorded.deliveries, [
      {
        rule: 'orders',
        targetId: 'renew',
        targetArn: FUNCTION,
        status: 'SUCCEEDED',
        attempts: 1,
        result: { renewed: ['colorteller'], versionsWritten: 1 },
        finishedAt: nth(recorded.deliveries, 0).finishedAt,
      },
    ]);
  },
);

t.test('a failing invocation is retried with backoff, then dead-lettered with the last error', async (t) => {
  const { put, lambdas, settle, events } = await withRule(t, [{ Id: 'renew', Arn: FUNCTION }]);
  let calls = 0;
  lambdas.register('renew', async () => {
    calls++;
    if (calls < 3) throw Object.assign(new Error('throttled by ACM'), { code: 'AWS_THROTTLED' });
    return 'ok';
  });
  await put();
  await settle();
  t.equal(calls, 3);
  t.match(nth(await events(), 0).deliveries[0], { status: 'SUCCEEDED', attempts: 3, result: 'ok' });
  t.notOk('lastError' in nth(nth(await events(), 0).deliveries, 0), 'a success clears the last error');

  lambdas.register('renew', async () => {
    throw new TypeError('boom');
  });
  await put();
  await settle();
  t.match(nth(await events(), 1).deliveries[0], {
    status: 'DEAD_LETTER',
    attempts: 3,
    lastError: 'TypeError: boom',
    deadLetterReason: 'failed 3 attempts; last error: TypeError: boom',
  });
});

t.test('a target RetryPolicy can lower the attempts; a hung handler times out', async (t) => {
  const { put, lambdas, settle, events } = await withRule(
    t,
    [{ Id: 'renew', Arn: FUNCTION, RetryPolicy: { MaximumRetryAttempts: 0 } }],
    {
      delivery: { invocationTimeoutMs: 50, initialBackoffMs: 5 },
    },
  );
  lambdas.register(FUNCTION, () => new Promise(() => undefined));
  await put();
  await settle();
  t.match(nth(await events(), 0).deliveries[0], {
    status: 'DEAD_LETTER',
    attempts: 1,
    lastError: 'Task timed out after 0.05 seconds',
  });
});

t.test('targets no handler answers for are dead-lettered at once, with the reason', async (t) => {
  const { put, settle, events } = await withRule(t, [
    { Id: 'unregistered', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:nobody' },
    { Id: 'topic', Arn: 'arn:aws:sns:us-east-1:000000000000:renewals' },
  ]);
  await put();
  await settle();
  const [delivery, topic] = nth(await events(), 0).deliveries;
  t.match(delivery, {
    status: 'DEAD_LETTER',
    attempts: 0,
    deadLetterReason: /Function not found: arn:aws:lambda:us-east-1:000000000000:function:nobody/,
  });
  t.match(topic, { status: 'DEAD_LETTER', deadLetterReason: /only to Lambda function and SQS queue targets/ });
});

t.test('Input and InputPath shape what the target receives; InputTransformer is refused, not guessed', async (t) => {
  const { put, lambdas, settle, events } = await withRule(t, [
    { Id: 'constant', Arn: FUNCTION, Input: '{"mode":"sweep"}' },
    { Id: 'detail', Arn: FUNCTION, InputPath: '$.detail' },
    { Id: 'resource', Arn: FUNCTION, InputPath: '$.resources[0]' },
    {
      Id: 'transformed',
      Arn: FUNCTION,
      InputTransformer: { InputPathsMap: { r: '$.resources[0]' }, InputTemplate: '{"r": <r>}' },
    },
  ]);
  const received: unknown[] = [];
  lambdas.register(FUNCTION, async (event) => void received.push(event));
  await put({ order: 7 });
  await settle();
  t.same(
    new Set(received.map((r) => JSON.stringify(r))),
    new Set(['{"mode":"sweep"}', '{"order":7}', '"arn:aws:shop:order/1"']),
  );
  t.match(
    nth(await events(), 0).deliveries.find((d) => d.targetId === 'transformed'),
    { status: 'DEAD_LETTER', deadLetterReason: /does not emulate InputTransformer/ },
  );
});

t.test('POST events/redeliver delivers a recorded event again (at-least-once), each copy recorded', async (t) => {
  const { local, put, lambdas, settle, events } = await withRule(t, [{ Id: 'renew', Arn: FUNCTION }]);
  const seen: string[] = [];
  lambdas.register(FUNCTION, async (event) => void seen.push((event as { id: string }).id));
  const id = await put();
  await settle();
  const redelivered = await local.control('POST', 'events/redeliver', { id, times: 4 });
  t.equal(redelivered.status, 202);
  t.same(redelivered.body, { id, deliveriesAdded: 4 });
  await settle();
  t.same(seen, [id, id, id, id, id], 'the same event, five times');
  t.equal(nth(await events(), 0).deliveries.filter((d) => d.status === 'SUCCEEDED').length, 5);
  t.equal((await local.control('POST', 'events/redeliver', { id: 'nope' })).status, 404);
  t.equal((await local.control('POST', 'events/redeliver', { id, times: 0 })).status, 400);
});

t.test('a function registered by name answers in any region; by ARN only there', async (t) => {
  const local = await startTestAwsLocal(t, { tickIntervalMs: 0 });
  const { lambdas } = local.app.awsLocal;
  const handler = async () => undefined;
  lambdas.register('pca-mtls-renew', handler);
  lambdas.register('arn:aws:lambda:eu-west-1:000000000000:function:pca-mtls-export', handler);
  t.ok('fn' in lambdas.resolve('arn:aws:lambda:ap-south-1:000000000000:function:pca-mtls-renew'));
  t.ok(
    'fn' in lambdas.resolve('arn:aws:lambda:us-east-1:000000000000:function:pca-mtls-renew:live'),
    'a qualifier reaches the function',
  );
  t.ok('reason' in lambdas.resolve('arn:aws:lambda:us-east-1:111111111111:function:pca-mtls-renew'), 'another account');
  t.ok('fn' in lambdas.resolve('arn:aws:lambda:eu-west-1:000000000000:function:pca-mtls-export'));
  t.ok('reason' in lambdas.resolve('arn:aws:lambda:us-east-1:000000000000:function:pca-mtls-export'));
  t.throws(() => lambdas.register('not a name', handler), RangeError);
  t.same((await local.control('GET', 'lambdas')).body.functions, [
    'arn:aws:lambda:eu-west-1:000000000000:function:pca-mtls-export',
    'pca-mtls-renew',
  ]);
});

t.test('POST settle validates its timeout; GET events filters', async (t) => {
  const { local, put, settle, events } = await withRule(t, [{ Id: 'renew', Arn: FUNCTION }]);
  t.equal((await local.control('POST', 'settle', { timeoutMs: -1 })).status, 400);
  await put();
  await settle();
  t.equal((await events('?source=shop.orders')).length, 1);
  t.equal((await events('?source=aws.acm')).length, 0);
  t.equal((await events('?resource=arn:aws:shop:order/1&limit=1')).length, 1);
  t.equal((await events('?detailType=Other')).length, 0);
});
