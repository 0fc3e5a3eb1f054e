import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { EnvoyNotFoundError, findEnvoy } from '../../../cli/walkthrough/envoy-data-plane.ts';
import { runCli } from '../../helpers/cli-process.ts';

t.test('findEnvoy: --envoy PATH when executable, else the first envoy on PATH, else none', async (t) => {
  const dir = t.testdir({ bin: {}, other: {} });
  const envoy = join(dir, 'bin', 'envoy');
  await writeFile(envoy, '#!/bin/sh\n');
  await chmod(envoy, 0o755);
  t.equal(findEnvoy(undefined, [join(dir, 'other'), join(dir, 'bin')].join(':')), envoy, 'found on PATH');
  t.equal(findEnvoy(undefined, join(dir, 'other')), undefined, 'none on PATH: direct mode');
  t.equal(findEnvoy(envoy, ''), envoy, 'an explicit path wins');
  const notExecutable = join(dir, 'other', 'envoy');
  await writeFile(notExecutable, 'not a program');
  t.throws(() => findEnvoy(notExecutable, ''), EnvoyNotFoundError);
  t.throws(() => findEnvoy(join(dir, 'missing'), ''), { code: 'ENVOY_NOT_FOUND' });
});

t.test('npm start -- --envoy with no binary there: exit 2 with the reason, before anything starts', async (t) => {
  const run = await runCli(t, ['start', '--once', '--envoy', '/nonexistent/envoy']);
  t.equal(run.code, 2);
  t.match(run.stderr, /--envoy \/nonexistent\/envoy: no executable file there; give the path of an envoy binary/);
  t.notMatch(run.stderr, /\[1\/12\]/, 'no step ran');
});
