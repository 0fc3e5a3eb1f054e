/**
 * The change tracker: reads mark nothing and hand back the same proxy for the
 * same object (also after the proxy cache answers the read), a write marks
 * the member or the collection entry it is under, and nothing written in keeps
 * a proxy inside the raw state.
 */
import t from 'tap';
import { ChangeTracker, memberId } from '../../../../services/aws-local/core/change-tracker.ts';

interface Raw extends Record<string, unknown> {
  secrets: Record<string, { versions: Array<{ id: string; stages: string[] }> }>;
  events: Array<{ id: string; deliveries: Array<{ status: string }> }>;
  counter: number;
}

function fixture() {
  const raw: Raw = {
    secrets: { a: { versions: [{ id: 'v1', stages: ['AWSCURRENT'] }] }, b: { versions: [] } },
    events: [{ id: 'e1', deliveries: [{ status: 'PENDING' }] }],
    counter: 0,
  };
  const tracker = new ChangeTracker();
  const state = tracker.track('us-east-1', 'svc', raw) as Raw;
  const drained = () => {
    const dirty = tracker.drain();
    return {
      members: [...dirty.members].map((id) => id.split('\0')[2]),
      entries: Object.fromEntries([...dirty.entries].map(([id, keys]) => [id.split('\0')[2], [...keys]])),
    };
  };
  return { raw, tracker, state, drained };
}

t.test('reads mark nothing and keep identity at every depth', async (t) => {
  const { state, drained } = fixture();
  for (let i = 0; i < 3; i++) {
    t.equal(state.secrets, state.secrets);
    t.equal(state.secrets.a, state.secrets.a);
    t.equal(state.secrets.a?.versions[0], state.secrets.a?.versions[0]);
    t.equal(state.events[0]?.deliveries[0], state.events[0]?.deliveries[0]);
    t.equal(state.events[0]?.deliveries[0]?.status, 'PENDING');
  }
  t.not(state.secrets.a, state.secrets.b);
  t.same(drained(), { members: [], entries: {} });
});

t.test('a write marks the entry or member it is under, however deep', async (t) => {
  const { state, drained } = fixture();
  const version = state.secrets.a?.versions[0];
  version?.stages.push('AWSPENDING');
  t.same(drained(), { members: [], entries: { secrets: ['a'] } }, 'deep below an entry: that entry');
  state.secrets.c = { versions: [] };
  delete state.secrets.b;
  t.same(drained(), { members: [], entries: { secrets: ['c', 'b'] } }, 'added and deleted entries');
  const delivery = state.events[0]?.deliveries[0];
  if (delivery) delivery.status = 'SUCCEEDED';
  t.same(drained(), { members: ['events'], entries: {} }, 'below a member that is not a collection: the member');
  state.counter++;
  t.same(drained(), { members: ['counter'], entries: {} });
  // A cached proxy still marks: the second write goes through the proxy the cache handed back.
  version?.stages.pop();
  t.same(drained(), { members: [], entries: { secrets: ['a'] } });
});

t.test('one object under two owners: each path marks its own owner', async (t) => {
  const { state, drained } = fixture();
  const shared = { note: 'x' };
  state.secrets.a = { versions: [{ id: 'v2', stages: [] }] };
  (state.secrets.a as unknown as Record<string, unknown>).meta = shared;
  state.events.push({ id: 'e2', deliveries: [], ...({ meta: shared } as object) });
  drained();
  const viaSecret = (state.secrets.a as unknown as { meta: { note: string } }).meta;
  const viaEvent = (state.events[1] as unknown as { meta: { note: string } }).meta;
  t.not(viaSecret, viaEvent, 'a proxy per owner');
  viaSecret.note = 'y';
  t.same(drained(), { members: [], entries: { secrets: ['a'] } });
  viaEvent.note = 'z';
  t.same(drained(), { members: ['events'], entries: {} });
});

t.test('values written in are unwrapped: the raw state holds no proxy', async (t) => {
  const { raw, state } = fixture();
  const versions = state.secrets.a?.versions;
  state.secrets.copy = { versions: versions ?? [] };
  t.equal(raw.secrets.copy?.versions, raw.secrets.a?.versions, 'the raw array, not its proxy');
  state.events.push({ id: 'e2', deliveries: [state.events[0]?.deliveries[0] ?? { status: 'x' }] });
  t.equal(raw.events[1]?.deliveries[0], raw.events[0]?.deliveries[0]);
  t.equal(JSON.stringify(raw).includes('PENDING'), true);
});

t.test('memberId joins region, service and member', async (t) => {
  t.equal(memberId('r', 's', 'm'), 'r\0s\0m');
});
