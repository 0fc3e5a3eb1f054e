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
  const { quotas } = (await (await fetch(`${url}/_aws-local/quotas`)).json()) as {
    quotas: { service: string; operation: string; requestsPerSecond: number }[];
  };
  t.match(
    quotas,
    [{ service: 'acm', operation: 'AddTagsToCertificate', requestsPerSecond: 5 }],
    "AWS's default quotas are on by default",
  );
  t.ok(quotas.some((q) => q.operation === 'ListCertificates' && q.requestsPerSecond === 1));
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
  t.match(help.stdout, /--no-quotas/);
});

t.test('--no-quotas turns the defaults off; --quota still limits its operation', async (t) => {
  const cli = spawnCli(t, [
    'local',
    '--port',
    '0',
    '--state-dir',
    t.testdir(),
    '--bare',
    '--no-quotas',
    '--quota',
    'acm:ListCertificates=8',
  ]);
  const [, url] = await cli.waitFor(/aws-local listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const { quotas } = (await (await fetch(`${url}/_aws-local/quotas`)).json()) as { quotas: unknown[] };
  t.same(quotas, [{ service: 'acm', operation: 'ListCertificates', requestsPerSecond: 8 }]);
  cli.child.kill('SIGTERM');
  t.equal((await cli.exited).code, 0);
});

t.test('pca-mtls local will not start on a corrupt state file', async (t) => {
  const stateDir = t.testdir();
  await writeFile(join(stateDir, 'state.json'), 'garbage');
  const result = await runCli(t, ['local', '--port', '0', '--state-dir', stateDir]);
  t.equal(result.code, 1);
  t.match(result.stderr, /state file .*state\.json is unusable \(not valid JSON\)/);
  t.notMatch(result.stderr, /at .*\.ts:\d+/, 'no stack trace');
});
