import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import t from 'tap';
import { buildAwsLocal } from '../../../../services/aws-local/app.ts';
import {
  LEGACY_STATE_FILE_NAME,
  STATE_FILE_NAME,
  StateCorruptError,
  StateStore,
} from '../../../../services/aws-local/core/state-store.ts';

t.test('a saved state is read back by a new store; the database is owner-only', async (t) => {
  const dir = t.testdir();
  const first = await StateStore.open(dir);
  first.serviceState('eu-west-1', 'probe', () => ({ items: [] as string[] })).items.push('kept');
  await first.save();
  first.close();
  const second = await StateStore.open(dir);
  t.teardown(() => second.close());
  t.same(second.serviceState('eu-west-1', 'probe', () => ({ items: [] })).items, ['kept']);
  const mode = (await stat(join(dir, STATE_FILE_NAME))).mode & 0o777;
  t.equal(mode, 0o600, 'the state file holds secrets: owner only');
});

t.test('only changed resources are written: collection entries one row each, deep changes included', async (t) => {
  const dir = t.testdir();
  const store = await StateStore.open(dir);
  t.teardown(() => store.close());
  type Probe = { items: Record<string, { n: number; tags: string[] }>; log: string[] };
  const state = store.serviceState<Probe>('us-east-1', 'probe', () => ({ items: {}, log: [] }));
  for (let i = 0; i < 50; i++) state.items[`k${i}`] = { n: i, tags: [] };
  await store.save();
  const db = new DatabaseSync(join(dir, STATE_FILE_NAME));
  t.teardown(() => db.close());
  const rowsOf = (key: string) => db.prepare('SELECT value FROM entries WHERE key = ?').all(key) as { value: string }[];
  t.equal(rowsOf('k7').length, 1, 'one row per entry');

  state.items.k7?.tags.push('deep');
  await store.save();
  t.same(
    JSON.parse(rowsOf('k7').at(0)?.value ?? 'null'),
    { n: 7, tags: ['deep'] },
    'a nested change rewrites its entry',
  );
  delete state.items.k8;
  state.log.push('x');
  await store.save();
  t.equal(rowsOf('k8').length, 0, 'a deleted entry is deleted');

  const reopened = await StateStore.open(dir);
  t.teardown(() => reopened.close());
  const read = reopened.serviceState<Probe>('us-east-1', 'probe', () => ({ items: {}, log: [] }));
  t.equal(Object.keys(read.items).length, 49);
  t.same(read.items.k7, { n: 7, tags: ['deep'] });
  t.same(read.log, ['x']);
  t.same(Object.keys(read.items).slice(0, 3), ['k0', 'k1', 'k2'], 'insertion order is kept');
});

t.test('objects copied out of the state and written back are stored as plain data', async (t) => {
  const dir = t.testdir();
  const store = await StateStore.open(dir);
  t.teardown(() => store.close());
  const state = store.serviceState<{ a: Record<string, { inner: { v: number } }> }>('us-east-1', 'probe', () => ({
    a: {},
  }));
  state.a.x = { inner: { v: 1 } };
  state.a.y = { inner: { ...state.a.x.inner } };
  await store.save();
  state.a.y.inner.v = 2;
  await store.save();
  const reopened = await StateStore.open(dir);
  t.teardown(() => reopened.close());
  t.same(reopened.serviceState('us-east-1', 'probe', () => ({ a: {} })).a, {
    x: { inner: { v: 1 } },
    y: { inner: { v: 2 } },
  });
  t.same(JSON.parse(JSON.stringify(state.a)), { x: { inner: { v: 1 } }, y: { inner: { v: 2 } } });
});

t.test('unusable state is a clear startup error, never a silent reset', async (t) => {
  const notSqlite = t.testdir({ [STATE_FILE_NAME]: 'this is not a database, it is a text file '.repeat(200) });
  await t.rejects(StateStore.open(notSqlite), {
    name: 'StateCorruptError',
    code: 'STATE_CORRUPT',
    message: /--state-dir/,
  });
  await t.rejects(buildAwsLocal({ stateDir: notSqlite }), StateCorruptError);
  t.match(await readFile(join(notSqlite, STATE_FILE_NAME), 'utf8'), /^this is not a database/, 'left untouched');

  const otherSchema = t.testdir();
  const other = new DatabaseSync(join(otherSchema, STATE_FILE_NAME));
  other.exec('CREATE TABLE unrelated (x INTEGER)');
  other.close();
  await t.rejects(StateStore.open(otherSchema), {
    name: 'StateCorruptError',
    message: /not an aws-local state database/,
  });

  const wrongFormat = t.testdir();
  const store = await StateStore.open(wrongFormat);
  store.close();
  const edit = new DatabaseSync(join(wrongFormat, STATE_FILE_NAME));
  edit.exec("UPDATE meta SET value = 'aws-local-state/v9' WHERE key = 'format'");
  edit.close();
  await t.rejects(StateStore.open(wrongFormat), {
    name: 'StateCorruptError',
    message: /format is aws-local-state\/v9/,
  });

  const badRow = t.testdir();
  const fine = await StateStore.open(badRow);
  fine.serviceState<{ items: Record<string, number> }>('us-east-1', 'probe', () => ({ items: { a: 1 } }));
  await fine.save();
  fine.close();
  const tamper = new DatabaseSync(join(badRow, STATE_FILE_NAME));
  tamper.exec("UPDATE entries SET value = '{not json' WHERE key = 'a'");
  tamper.exec("INSERT INTO entries VALUES ('us-east-1', 'probe', 'nothing', 'b', '1')");
  tamper.close();
  await t.rejects(StateStore.open(badRow), {
    name: 'StateCorruptError',
    message: /probe\/nothing\/b belongs to no collection|not valid JSON/,
  });
});

t.test('a state.json from before the database is imported once; a corrupt one stops every start', async (t) => {
  const legacy = {
    format: 'aws-local-state/v1',
    clockOffsetMs: 5000,
    regions: { 'us-east-1': { probe: { items: { a: { n: 1 } }, log: ['x'] } } },
  };
  const dir = t.testdir({ [LEGACY_STATE_FILE_NAME]: JSON.stringify(legacy) });
  const store = await StateStore.open(dir);
  store.close();
  const reopened = await StateStore.open(dir);
  t.teardown(() => reopened.close());
  t.equal(reopened.state.clockOffsetMs, 5000);
  t.same(
    reopened.serviceState('us-east-1', 'probe', () => ({})),
    { items: { a: { n: 1 } }, log: ['x'] },
  );

  const corrupt = t.testdir({ [LEGACY_STATE_FILE_NAME]: '{"format":"aws-local-state/v1", "regions": {' });
  await t.rejects(StateStore.open(corrupt), { name: 'StateCorruptError', message: /not valid JSON/ });
  await t.rejects(
    StateStore.open(corrupt),
    { name: 'StateCorruptError' },
    'and again: no empty database was left behind',
  );
  t.same((await readdir(corrupt)).sort(), [LEGACY_STATE_FILE_NAME]);
});

t.test('the clock offset survives a restart of the app', async (t) => {
  const dir = t.testdir();
  const first = await buildAwsLocal({ stateDir: dir });
  const moved = await first.inject({
    method: 'POST',
    url: '/_aws-local/clock',
    payload: { advanceSeconds: 86_400 * 30 },
  });
  t.equal(moved.statusCode, 200);
  await first.close();
  const second = await buildAwsLocal({ stateDir: dir });
  t.teardown(() => second.close());
  const clock = (await second.inject({ method: 'GET', url: '/_aws-local/clock' })).json();
  t.ok(clock.offsetSeconds >= 86_400 * 30, 'still 30 days ahead');
  t.ok(new Date(clock.now).getTime() > Date.now() + 86_400 * 29 * 1000);
});

t.test('startClockAt sets where a new state begins; a saved state keeps its own clock', async (t) => {
  const dir = t.testdir();
  const past = new Date(Date.now() - 340 * 86_400_000);
  const first = await buildAwsLocal({ stateDir: dir, startClockAt: past });
  t.ok(Math.abs(first.awsLocal.env.clock.nowMs() - past.getTime()) < 5_000, 'starts 340 days ago');
  await first.inject({ method: 'POST', url: '/_aws-local/clock', payload: { advanceSeconds: 86_400 } });
  await first.close();
  const second = await buildAwsLocal({ stateDir: dir, startClockAt: new Date() });
  t.teardown(() => second.close());
  const expected = past.getTime() + 86_400_000;
  t.ok(Math.abs(second.awsLocal.env.clock.nowMs() - expected) < 10_000, 'the saved clock wins over startClockAt');
});
