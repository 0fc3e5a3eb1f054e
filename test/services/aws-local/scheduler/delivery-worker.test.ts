/**
 * The delivery worker saves once for the deliveries that finish in the same
 * turn, not once each, and every finished delivery is in the state database
 * when settle() returns.
 */
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import t from 'tap';
import { StateStore } from '../../../../services/aws-local/core/state-store.ts';
import { publishEvent } from '../../../../services/aws-local/events/bus.ts';
import type { EventsState } from '../../../../services/aws-local/events/state.ts';
import { startTestAwsLocal, TEST_REGION } from '../../../helpers/aws-local.ts';

const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:renew';
const EVENTS = 40;

t.test('deliveries finishing together share a save, and all are saved when settle returns', async (t) => {
  const local = await startTestAwsLocal(t, { tickIntervalMs: 0 });
  const client = new EventBridgeClient(local.clientConfig);
  await client.send(new PutRuleCommand({ Name: 'acm', EventPattern: JSON.stringify({ source: ['aws.acm'] }) }));
  await client.send(new PutTargetsCommand({ Rule: 'acm', Targets: [{ Id: 'renew', Arn: FUNCTION }] }));
  const { env, lambdas, scheduler } = local.app.awsLocal;
  let invoked = 0;
  lambdas.register(FUNCTION, async () => ({ invoked: ++invoked }));
  for (let i = 0; i < EVENTS; i++)
    publishEvent(env, TEST_REGION, { source: 'aws.acm', detailType: 'x', detail: { i } });
  await env.store.save();

  let saves = 0;
  const save = env.store.save.bind(env.store);
  env.store.save = () => (saves++, save());
  t.teardown(() => void (env.store.save = save));
  t.match(await scheduler.settle(10_000), { settled: true });
  t.equal(invoked, EVENTS);
  t.ok(saves >= 1 && saves < EVENTS / 2, `${saves} saves for ${EVENTS} deliveries`);

  const reopened = await StateStore.open(local.stateDir);
  t.teardown(() => reopened.close());
  const saved = reopened.state.regions[TEST_REGION]?.events as EventsState | undefined;
  const statuses = (saved?.events ?? []).flatMap((e) => e.deliveries ?? []).map((d) => d.status);
  t.equal(statuses.length, EVENTS);
  t.ok(
    statuses.every((s) => s === 'SUCCEEDED'),
    'every delivery is saved as SUCCEEDED',
  );
});
