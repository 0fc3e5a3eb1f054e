import {
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import t from 'tap';
import { parseSchedule } from '../../../../services/aws-local/events/schedule-times.ts';
import { clockNow, DAY_S, startScheduled } from './helpers.ts';
import { nth } from '../../../helpers/present.ts';

const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:sweep';
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

t.test('rate(1 hour) fires once per crossed hour, a long jump fires it once, a disabled rule not at all', async (t) => {
  const { local, advance, events } = await startScheduled(t);
  const client = new EventBridgeClient(local.clientConfig);
  const { RuleArn } = await client.send(new PutRuleCommand({ Name: 'hourly', ScheduleExpression: 'rate(1 hour)' }));
  await client.send(new PutTargetsCommand({ Rule: 'hourly', Targets: [{ Id: 'sweep', Arn: LAMBDA }] }));
  const created = await clockNow(local);
  const fired = async () => events('?detailType=Scheduled%20Event');

  await advance(3_500);
  t.same(await fired(), [], 'not before the first hour');
  await advance(200);
  const first = await fired();
  t.equal(first.length, 1);
  t.match(first[0], {
    source: 'aws.events',
    detailType: 'Scheduled Event',
    resources: [RuleArn],
    detail: {},
    rules: ['hourly'],
  });
  t.same(
    nth(first, 0).deliveries.map((d) => [d.targetId, d.targetArn]),
    [['sweep', LAMBDA]],
    "delivered to the rule's own target",
  );
  const firstTime = Date.parse(nth(first, 0).time);
  t.ok(Math.abs(firstTime - (created + 3_600_000)) < 2_000, 'an hour after the rule was created');

  await advance(3_600);
  t.equal((await fired()).length, 2);
  await advance(300 * DAY_S);
  const afterJump = await fired();
  t.equal(afterJump.length, 3, 'a 300-day jump fires once, not 7200 times');
  t.ok(
    Date.parse(nth(afterJump, 2).time) > Date.parse(nth(afterJump, 1).time) + 299 * DAY_S * 1000,
    'at the latest crossed fire time',
  );

  await client.send(new DisableRuleCommand({ Name: 'hourly' }));
  await advance(5 * 3_600);
  t.equal((await fired()).length, 3, 'disabled: no firing');
  await client.send(new EnableRuleCommand({ Name: 'hourly' }));
  await advance(60);
  t.equal((await fired()).length, 3, 'enabling does not fire for the time it was off');
  await advance(3_600);
  t.equal((await fired()).length, 4);
});

t.test('pattern rules do not fire on the clock; schedule events match no pattern rule', async (t) => {
  const { local, advance, events } = await startScheduled(t);
  const client = new EventBridgeClient(local.clientConfig);
  await client.send(
    new PutRuleCommand({ Name: 'all-events', EventPattern: JSON.stringify({ source: ['aws.events'] }) }),
  );
  await client.send(new PutRuleCommand({ Name: 'five-minutes', ScheduleExpression: 'rate(5 minutes)' }));
  await advance(301);
  const fired = await events();
  t.same(
    fired.map((e) => e.rules),
    [['five-minutes']],
  );
});

t.test('rate and cron fire times', async (t) => {
  const anchor = at('2030-01-01T10:17:33Z');
  const rate = parseSchedule('rate(6 hours)', anchor)!;
  t.equal(iso(rate.nextAfter(anchor)), '2030-01-01T16:17:33.000Z');
  t.equal(iso(rate.nextAfter(at('2030-01-02T00:00:00Z'))), '2030-01-02T04:17:33.000Z');
  t.equal(iso(rate.latestBetween(anchor, at('2030-01-03T00:00:00Z'))), '2030-01-02T22:17:33.000Z');
  t.equal(rate.latestBetween(anchor, at('2030-01-01T12:00:00Z')), undefined);

  const cases: [string, string, string][] = [
    ['cron(0 * * * ? *)', '2030-01-01T10:17:33Z', '2030-01-01T11:00:00.000Z'],
    ['cron(15 10 ? * MON-FRI *)', '2030-01-04T10:15:00Z', '2030-01-07T10:15:00.000Z'], // Friday → Monday
    ['cron(0 8 1 * ? *)', '2030-01-01T08:00:00Z', '2030-02-01T08:00:00.000Z'],
    ['cron(0/15 * * * ? *)', '2030-01-01T10:17:33Z', '2030-01-01T10:30:00.000Z'],
    ['cron(0 0 L * ? *)', '2030-02-01T00:00:00Z', '2030-02-28T00:00:00.000Z'],
    ['cron(0 0 ? * 6#3 *)', '2030-01-01T00:00:00Z', '2030-01-18T00:00:00.000Z'], // third Friday
    ['cron(0 0 ? * 2L *)', '2030-01-01T00:00:00Z', '2030-01-28T00:00:00.000Z'], // last Monday
    ['cron(0 0 15W * ? *)', '2030-06-01T00:00:00Z', '2030-06-14T00:00:00.000Z'], // the 15th is a Saturday
    ['cron(0 12 * JAN,JUL ? 2031)', '2030-01-01T00:00:00Z', '2031-01-01T12:00:00.000Z'],
  ];
  for (const [expression, after, next] of cases) {
    t.equal(iso(parseSchedule(expression, 0)!.nextAfter(at(after))), next, `${expression} after ${after}`);
  }
  const hourly = parseSchedule('cron(0 * * * ? *)', 0)!;
  t.equal(
    iso(hourly.latestBetween(at('2030-01-01T00:00:00Z'), at('2030-03-01T05:30:00Z'))),
    '2030-03-01T05:00:00.000Z',
  );
  t.equal(hourly.latestBetween(at('2030-03-01T05:10:00Z'), at('2030-03-01T05:30:00Z')), undefined);
  t.equal(
    parseSchedule('cron(0 0 1 1 ? 1999)', 0)!.nextAfter(at('2030-01-01T00:00:00Z')),
    undefined,
    'no fire time left',
  );
});
