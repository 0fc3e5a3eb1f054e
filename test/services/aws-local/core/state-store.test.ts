import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { buildAwsLocal } from '../../../../services/aws-local/app.js';
import { STATE_FILE_NAME, StateCorruptError, StateStore } from '../../../../services/aws-local/core/state-store.js';

t.test('a saved state is read back by a new store', async (t) => {
  const dir = t.testdir();
  const first = await StateStore.open(dir);
  first.serviceState('eu-west-1', 'probe', () => ({ items: [] as string[] })).items.push('kept');
  await first.save();
  const second = await StateStore.open(dir);
  t.same(second.serviceState('eu-west-1', 'probe', () => ({ items: [] })).items, ['kept']);
  const mode = (await stat(join(dir, STATE_FILE_NAME))).mode & 0o777;
  t.equal(mode, 0o600, 'the state file holds secrets: owner only');
});

t.test('concurrent saves leave one complete file and no temporary files', async (t) => {
  const dir = t.testdir();
  const store = await StateStore.open(dir);
  const state = store.serviceState('us-east-1', 'probe', () => ({ n: 0 }));
  await Promise.all(
    Array.from({ length: 20 }, () => {
      state.n++;
      return store.save();
    }),
  );
  t.same(await readdir(dir), [STATE_FILE_NAME]);
  const saved = JSON.parse(await readFile(join(dir, STATE_FILE_NAME), 'utf8'));
  t.equal(saved.regions['us-east-1'].probe.n, 20, 'the last save carries the latest state');
});

t.test('a corrupt state file is a clear startup error, never a silent reset', async (t) => {
  const dir = t.testdir({ [STATE_FILE_NAME]: '{"format":"aws-local-state/v1", "regions": {' });
  await t.rejects(StateStore.open(dir), { name: 'StateCorruptError', message: /not valid JSON.*--state-dir/ });
  await t.rejects(buildAwsLocal({ stateDir: dir }), StateCorruptError);
  t.equal(
    await readFile(join(dir, STATE_FILE_NAME), 'utf8'),
    '{"format":"aws-local-state/v1", "regions": {',
    'left untouched',
  );

  await writeFile(join(dir, STATE_FILE_NAME), JSON.stringify({ format: 'something-else' }));
  await t.rejects(StateStore.open(dir), { name: 'StateCorruptError', message: /format is not aws-local-state\/v1/ });
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
