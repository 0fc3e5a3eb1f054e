import {
  DisableRuleCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import t from 'tap';
import { publishEvent } from '../../../../services/aws-local/events/bus.ts';
import type { EventsState } from '../../../../services/aws-local/events/state.ts';
import { startTestAwsLocal, TEST_REGION, type Teardown } from '../../../helpers/aws-local.ts';
import { ACM_APPROACHING_EXPIRATION, acmCertificateAvailable } from './fixtures/acm-events.ts';
import { nth } from '../../../helpers/present.ts';

const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:renew-certificate';
const RENEWAL_PATTERN = {
  source: ['aws.acm'],
  'detail-type': ['ACM Certificate Available'],
  detail: { Action: ['RENEWAL'] },
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function start(t: Teardown) {
  const local = await startTestAwsLocal(t);
  const events = new EventBridgeClient(local.clientConfig);
  const state = () => local.app.awsLocal.env.stateOf<EventsState>('events', TEST_REGION);
  return { local, events, state };
}

t.test(
  'PutEvents accepts events, stamps them with the shared clock and records the ENABLED rules they match',
  async (t) => {
    const { local, events, state } = await start(t);
    await events.send(
      new PutRuleCommand({
        Name: 'orders',
        EventPattern: JSON.stringify({ source: ['shop.orders'], detail: { total: [{ numeric: ['>', 100] }] } }),
      }),
    );
    await events.send(new PutTargetsCommand({ Rule: 'orders', Targets: [{ Id: 'fn', Arn: LAMBDA }] }));
    await events.send(
      new PutRuleCommand({ Name: 'all-shop', EventPattern: JSON.stringify({ source: [{ prefix: 'shop.' }] }) }),
    );
    await events.send(new PutRuleCommand({ Name: 'off', EventPattern: JSON.stringify({ source: ['shop.orders'] }) }));
    await events.send(new DisableRuleCommand({ Name: 'off' }));

    const moved = await local.control('POST', 'clock', { now: '2031-05-04T10:00:00.000Z' });
    t.equal(moved.status, 200);
    const out = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'shop.orders',
            DetailType: 'Order Placed',
            Detail: '{"total": 250}',
            Resources: ['arn:aws:shop:order/1'],
          },
          { Source: 'shop.orders', DetailType: 'Order Placed', Detail: '{"total": 5}' },
          { Source: 'other', DetailType: 'x', Detail: '{}', Time: new Date('2030-01-01T00:00:00Z') },
        ],
      }),
    );
    t.equal(out.FailedEntryCount, 0);
    t.equal(out.Entries?.length, 3);
    for (const entry of out.Entries ?? []) t.match(entry.EventId, UUID);

    const recorded = state().events;
    t.equal(recorded.length, 3);
    t.same(nth(recorded, 0).envelope, {
      version: '0',
      id: nth(out.Entries, 0).EventId,
      'detail-type': 'Order Placed',
      source: 'shop.orders',
      account: '000000000000',
      time: '2031-05-04T10:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:shop:order/1'],
      detail: { total: 250 },
    });
    t.ok(nth(recorded, 0).receivedAt >= Date.parse('2031-05-04T10:00:00Z'), 'received on the shared clock');
    t.same(
      nth(recorded, 0).matches.map((m) => [m.ruleName, m.targets.map((x) => x.Id)]),
      [
        ['all-shop', []],
        ['orders', ['fn']],
      ],
      'both matching ENABLED rules, with their targets; the DISABLED one is skipped',
    );
    t.same(
      nth(recorded, 1).matches.map((m) => m.ruleName),
      ['all-shop'],
    );
    t.same(nth(recorded, 2).matches, []);
    t.equal(nth(recorded, 2).envelope.time, '2030-01-01T00:00:00Z', 'the entry Time wins when given');
  },
);

t.test('PutEvents rejects aws.* sources per entry, as EventBridge does for callers', async (t) => {
  const { events, state } = await start(t);
  const out = await events.send(
    new PutEventsCommand({
      Entries: [
        {
          Source: 'aws.acm',
          DetailType: 'ACM Certificate Available',
          Detail: JSON.stringify(acmCertificateAvailable().detail),
        },
        { Source: 'pca-mtls.test', DetailType: 'ok', Detail: '{}' },
      ],
    }),
  );
  t.equal(out.FailedEntryCount, 1);
  t.same(out.Entries?.[0], {
    ErrorCode: 'NotAuthorizedForSourceException',
    ErrorMessage: 'Not authorized for the source.',
  });
  t.match(out.Entries?.[1]?.EventId, UUID);
  t.same(
    state().events.map((e) => e.envelope.source),
    ['pca-mtls.test'],
    'the aws.acm entry was not recorded',
  );
});

t.test('PutEvents per-entry validation errors keep their slot; other entries go through', async (t) => {
  const { events } = await start(t);
  const out = await events.send(
    new PutEventsCommand({
      Entries: [
        { DetailType: 'x', Detail: '{}' },
        { Source: 's', Detail: '{}' },
        { Source: 's', DetailType: 'x' },
        { Source: 's', DetailType: 'x', Detail: '["an", "array"]' },
        { Source: 's', DetailType: 'x', Detail: '{not json' },
        { Source: 's', DetailType: 'x', Detail: '{}' },
      ],
    }),
  );
  t.equal(out.FailedEntryCount, 5);
  t.same(out.Entries?.slice(0, 5), [
    {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
    },
    {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
    },
    {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
    },
    { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
    { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
  ]);
  t.match(out.Entries?.[5]?.EventId, UUID);
});

t.test('PutEvents request-level errors: too many entries, too large', async (t) => {
  const { events, state } = await start(t);
  const eleven = Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'x', Detail: '{}' }));
  await t.rejects(events.send(new PutEventsCommand({ Entries: eleven })), {
    name: 'ValidationException',
    message: /at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10/,
  });
  const big = JSON.stringify({ blob: 'x'.repeat(256 * 1024) });
  await t.rejects(events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'x', Detail: big }] })), {
    name: 'ValidationException',
    message: 'Total size of the entries in the request is over the limit.',
  });
  t.same(state().events, []);
});

t.test('events for another bus are accepted and match nothing', async (t) => {
  const { events, state } = await start(t);
  await events.send(new PutRuleCommand({ Name: 'any', EventPattern: '{"source":["s"]}' }));
  const out = await events.send(
    new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'x', Detail: '{}', EventBusName: 'orders' }] }),
  );
  t.equal(out.FailedEntryCount, 0);
  t.same(
    state().events.map((e) => [e.eventBusName, e.matches.length]),
    [['orders', 0]],
  );
});

t.test('publishEvent: AWS services emit aws.acm events that reach matching rules and their targets', async (t) => {
  const { local, events, state } = await start(t);
  await events.send(new PutRuleCommand({ Name: 'acm-renewal', EventPattern: JSON.stringify(RENEWAL_PATTERN) }));
  await events.send(new PutTargetsCommand({ Rule: 'acm-renewal', Targets: [{ Id: 'renew', Arn: LAMBDA }] }));
  const renewal = acmCertificateAvailable('RENEWAL');
  const result = publishEvent(local.app.awsLocal.env, TEST_REGION, {
    source: 'aws.acm',
    detailType: renewal['detail-type'],
    detail: renewal.detail,
    resources: renewal.resources,
  });
  t.equal(result.envelope.source, 'aws.acm');
  t.equal(result.envelope.account, '000000000000');
  t.equal(result.envelope.region, TEST_REGION);
  t.match(result.envelope.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  t.same(result.matches, [
    {
      ruleName: 'acm-renewal',
      ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/acm-renewal',
      targets: [{ Id: 'renew', Arn: LAMBDA }],
    },
  ]);
  const issuance = publishEvent(local.app.awsLocal.env, TEST_REGION, {
    source: 'aws.acm',
    detailType: 'ACM Certificate Available',
    detail: acmCertificateAvailable('ISSUANCE').detail,
  });
  t.same(issuance.matches, [], 'ISSUANCE does not match the renewal rule');
  t.same(
    state().events.map((e) => e.envelope.id),
    [result.envelope.id, issuance.envelope.id],
  );
});

t.test('the event log is bounded', async (t) => {
  const { local, state } = await start(t);
  for (let i = 0; i < 510; i++) {
    publishEvent(local.app.awsLocal.env, TEST_REGION, { source: 'test', detailType: 'n', detail: { i } });
  }
  t.equal(state().events.length, 500);
  t.same(nth(state().events, 0).envelope.detail, { i: 10 }, 'oldest dropped first');
});

t.test('the bound never drops an event whose delivery is still pending; once delivered it goes', async (t) => {
  const { local, events, state } = await start(t);
  await events.send(new PutRuleCommand({ Name: 'acm-renewal', EventPattern: JSON.stringify(RENEWAL_PATTERN) }));
  await events.send(new PutTargetsCommand({ Rule: 'acm-renewal', Targets: [{ Id: 'renew', Arn: LAMBDA }] }));
  const renewal = acmCertificateAvailable('RENEWAL');
  // As one scheduler tick in which ACM renews 600 certificates: no delivery has started yet.
  for (let i = 0; i < 600; i++) {
    publishEvent(local.app.awsLocal.env, TEST_REGION, {
      source: 'aws.acm',
      detailType: renewal['detail-type'],
      detail: { ...renewal.detail, i },
      resources: renewal.resources,
    });
  }
  t.equal(state().events.length, 600, 'every undelivered event is kept');
  for (const event of state().events.slice(0, 100)) {
    for (const delivery of event.deliveries ?? []) delivery.status = 'SUCCEEDED';
  }
  publishEvent(local.app.awsLocal.env, TEST_REGION, {
    source: 'aws.acm',
    detailType: renewal['detail-type'],
    detail: { ...renewal.detail, i: 600 },
  });
  t.equal(state().events.length, 501, 'the 100 delivered go; the 500 undelivered and the new one stay');
  t.same(nth(state().events, 0).envelope.detail.i, 100, 'the oldest undelivered is now first');
});

t.test('TestEventPattern through the SDK, with ACM events', async (t) => {
  const { events } = await start(t);
  const test = async (pattern: object, event: object) =>
    (
      await events.send(
        new TestEventPatternCommand({ EventPattern: JSON.stringify(pattern), Event: JSON.stringify(event) }),
      )
    ).Result;
  t.equal(await test(RENEWAL_PATTERN, acmCertificateAvailable('RENEWAL')), true);
  t.equal(await test(RENEWAL_PATTERN, acmCertificateAvailable('ISSUANCE')), false);
  const expiring = {
    source: ['aws.acm'],
    'detail-type': ['ACM Certificate Approaching Expiration'],
    detail: { DaysToExpiry: [{ numeric: ['<', 45] }] },
  };
  t.equal(await test(expiring, ACM_APPROACHING_EXPIRATION), true);
  t.equal(await test(expiring, { ...ACM_APPROACHING_EXPIRATION, detail: { DaysToExpiry: 45 } }), false);

  await t.rejects(
    events.send(
      new TestEventPatternCommand({
        EventPattern: '{"source": []}',
        Event: JSON.stringify(ACM_APPROACHING_EXPIRATION),
      }),
    ),
    {
      name: 'InvalidEventPatternException',
      message: 'Event pattern is not valid. Reason: Empty arrays are not allowed',
    },
  );
  const { id: _id, ...withoutId } = ACM_APPROACHING_EXPIRATION;
  for (const bad of ['not json', '["an array"]', JSON.stringify(withoutId)]) {
    await t.rejects(
      events.send(new TestEventPatternCommand({ EventPattern: JSON.stringify(RENEWAL_PATTERN), Event: bad })),
      {
        name: 'ValidationException',
        message: 'Parameter Event is not valid.',
      },
    );
  }
});
