import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { runCli, spawnCli } from '../helpers/cli-process.js';

t.test('pca-mtls local prints its URL, serves, and stops cleanly on SIGTERM', async (t) => {
  const stateDir = t.testdir();
  const cli = spawnCli(t, ['local', '--port', '0', '--state-dir', stateDir]);
  const [, url] = await cli.waitFor(/aws-local listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const health = (await (await fetch(`${url}/_aws-local/health`)).json()) as { status: string; persistent: boolean };
  t.equal(health.status, 'ok');
  t.equal(health.persistent, true);
  cli.child.kill('SIGTERM');
  const { code } = await cli.exited;
  t.equal(code, 0, 'SIGTERM is a clean shutdown');
  t.match(cli.stderr(), /SIGTERM received, shutting down/);
});

t.test('pca-mtls local refuses bad flags with exit 2 and says why', async (t) => {
  const badPort = await runCli(t, ['local', '--port', '70000']);
  t.equal(badPort.code, 2);
  t.match(badPort.stderr, /port number from 0 to 65535/);
  const badQuota = await runCli(t, ['local', '--quota', 'acm-ExportCertificate']);
  t.equal(badQuota.code, 2);
  t.match(badQuota.stderr, /SERVICE:Operation=RPS/);
  const help = await runCli(t, ['local', '--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /--state-dir <dir>/);
  t.match(help.stdout, /--quota <SERVICE:Operation=RPS>/);
});

t.test('pca-mtls local will not start on a corrupt state file', async (t) => {
  const stateDir = t.testdir();
  await writeFile(join(stateDir, 'state.json'), 'garbage');
  const result = await runCli(t, ['local', '--port', '0', '--state-dir', stateDir]);
  t.equal(result.code, 1);
  t.match(result.stderr, /state file .*state\.json is unusable \(not valid JSON\)/);
  // Any stack frame (`    at fn (file:line:col)`), whether the CLI runs from the bundle or from source.
  t.notMatch(result.stderr, /^\s+at \S.*:\d+:\d+\)?$/m, 'no stack trace');
});
