import { GetRandomPasswordCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { runCli, spawnCli } from '../helpers/cli-process.ts';

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
  // Any stack frame (`    at fn (file:line:col)`), whether the CLI runs from the bundle or from source.
  t.notMatch(result.stderr, /^\s+at \S.*:\d+:\d+\)?$/m, 'no stack trace');
});

t.test('pca-mtls local refuses a non-loopback --host without --allow-remote, and says why', async (t) => {
  const refused = await runCli(t, ['local', '--host', '0.0.0.0', '--port', '0', '--state-dir', t.testdir()]);
  t.not(refused.code, 0);
  t.match(refused.stderr, /refusing to listen on 0\.0\.0\.0: aws-local has no authentication/);
  const help = await runCli(t, ['local', '--help']);
  t.match(help.stdout, /--allow-remote/);
  // Binding a non-loopback address for real is not tested: test servers here stay on 127.0.0.1.
});

t.test('pca-mtls local --iam restricts the listed key only, reports it, and refuses a bad policy', async (t) => {
  const dir = t.testdir({
    'lister.json': JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }],
    }),
    'typo.json': JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'secretsmanager:ListSecret', Resource: '*' }],
    }),
  });
  const cli = spawnCli(t, [
    'local',
    '--port',
    '0',
    '--bare',
    '--state-dir',
    join(dir, 'state'),
    '--iam',
    `AKIDLISTER=${join(dir, 'lister.json')}`,
  ]);
  const [, url] = await cli.waitFor(/aws-local listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const client = (accessKeyId: string) =>
    new SecretsManagerClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId, secretAccessKey: 'x' },
      maxAttempts: 1,
    });
  await client('AKIDLISTER').send(new ListSecretsCommand({}));
  const denied = await client('AKIDLISTER')
    .send(new GetRandomPasswordCommand({}))
    .then(
      () => new Error('allowed'),
      (e: Error) => e,
    );
  t.equal(denied.name, 'AccessDeniedException');
  t.equal(
    denied.message,
    'User: arn:aws:sts::000000000000:assumed-role/lister/AKIDLISTER is not authorized to perform: ' +
      'secretsmanager:GetRandomPassword because no identity-based policy allows the secretsmanager:GetRandomPassword action',
  );
  t.ok((await client('AKIDANYONE').send(new GetRandomPasswordCommand({}))).RandomPassword, 'other keys unrestricted');
  const report = (await (await fetch(`${url}/_aws-local/iam`)).json()) as {
    principals: { accessKeyId: string; allowed: unknown[]; denied: unknown[] }[];
  };
  t.same(
    report.principals.map((p) => [p.accessKeyId, p.allowed.length, p.denied.length]),
    [['AKIDLISTER', 1, 1]],
  );
  cli.child.kill('SIGTERM');
  t.equal((await cli.exited).code, 0);

  const typo = await runCli(t, ['local', '--port', '0', '--bare', '--iam', `AKIDX=${join(dir, 'typo.json')}`]);
  t.equal(typo.code, 1);
  t.match(typo.stderr, /AKIDX policy 1: action 'secretsmanager:ListSecret' matches no AWS action/);
  t.notMatch(typo.stderr, /at .*\.ts:\d+/, 'no stack trace');
  const badFlag = await runCli(t, ['local', '--iam', 'AKIDX']);
  t.equal(badFlag.code, 2);
  t.match(badFlag.stderr, /ACCESS_KEY_ID=POLICY_FILE/);
});
