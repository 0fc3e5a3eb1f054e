import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import t from 'tap';
import { startTestAwsLocal } from '../../../helpers/aws-local.ts';

const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:slow';

t.test('POST reset forgets deliveries under way; settle then answers at once', async (t) => {
  const local = await startTestAwsLocal(t, { tickIntervalMs: 0 });
  const client = new EventBridgeClient(local.clientConfig);
  await client.send(new PutRuleCommand({ Name: 'r', EventPattern: JSON.stringify({ source: ['test'] }) }));
  await client.send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 'slow', Arn: FUNCTION }] }));
  local.app.awsLocal.lambdas.register(FUNCTION, () => new Promise(() => undefined));
  await client.send(new PutEventsCommand({ Entries: [{ Source: 'test', DetailType: 'x', Detail: '{}' }] }));
  const pending = await local.control('POST', 'settle', { timeoutMs: 100 });
  t.equal(pending.status, 504, 'a hung delivery keeps it unsettled');
  t.same(pending.body, { settled: false, pending: 1 });
  t.same(
    (await local.control('GET', 'events')).body.events[0].deliveries.map((d: { status: string }) => d.status),
    ['PENDING'],
  );

  await local.control('POST', 'reset');
  const settled = await local.control('POST', 'settle', { timeoutMs: 1_000 });
  t.same([settled.status, settled.body], [200, { settled: true, pending: 0 }]);
  t.same((await local.control('GET', 'events')).body.events, []);
  t.same(
    (await local.control('GET', 'lambdas')).body.functions,
    [FUNCTION],
    'registrations are not state: they survive a reset',
  );
});

t.test(
  'a PENDING delivery left by a stopped emulator goes out when the next one starts on the same state',
  async (t) => {
    const first = await startTestAwsLocal(t, { tickIntervalMs: 0 });
    const client = new EventBridgeClient(first.clientConfig);
    await client.send(new PutRuleCommand({ Name: 'r', EventPattern: JSON.stringify({ source: ['test'] }) }));
    await client.send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 'slow', Arn: FUNCTION }] }));
    first.app.awsLocal.lambdas.register(FUNCTION, () => new Promise(() => undefined));
    await client.send(new PutEventsCommand({ Entries: [{ Source: 'test', DetailType: 'x', Detail: '{"n":1}' }] }));
    await first.close();

    // With the real-time tick on: handlers registered right after start are there for the first tick.
    const second = await startTestAwsLocal(t, { stateDir: first.stateDir, tickIntervalMs: 50 });
    const received: unknown[] = [];
    second.app.awsLocal.lambdas.register(
      FUNCTION,
      async (event) => void received.push((event as { detail: unknown }).detail),
    );
    t.equal((await second.control('POST', 'settle', { timeoutMs: 10_000 })).status, 200);
    t.same(received, [{ n: 1 }]);
    t.match((await second.control('GET', 'events')).body.events[0].deliveries, [{ status: 'SUCCEEDED', attempts: 1 }]);
  },
);
