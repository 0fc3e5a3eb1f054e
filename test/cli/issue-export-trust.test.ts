import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import t, { type Test } from 'tap';
import { createRootCa } from '../../lib/private-ca/create-root-ca.ts';
import { clientsFor, FAST_TIMINGS, startTestAwsLocal, TEST_CREDENTIALS, TEST_REGION } from '../helpers/aws-local.ts';
import { runCli } from '../helpers/cli-process.ts';

async function setup(t: Parameters<typeof runCli>[0]) {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS });
  const clients = await clientsFor(local);
  const ca = await createRootCa(clients.pca, { commonName: 'CLI Root' });
  const env = {
    AWS_ENDPOINT_URL: local.url,
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    LOG_LEVEL: 'trace',
  };
  return { local, clients, ca, env };
}

function assertNothingSecret(t: Test, output: string, secret: { passphrase: string; privateKey: string }) {
  t.notOk(output.includes(secret.passphrase), 'no passphrase in the output');
  const keyLines = secret.privateKey.split('\n').filter((l) => l.length > 20);
  t.notOk(
    keyLines.some((l) => output.includes(l)),
    'no private key line in the output',
  );
  t.notOk(/"schema":"pca-mtls\/v1"|PRIVATE KEY/.test(output), 'no secret JSON in the output');
}

t.test('issue --json prints the contract fields and nothing secret, even at LOG_LEVEL=trace', async (t) => {
  const { clients, ca, env } = await setup(t);
  const run = await runCli(
    t,
    [
      'issue',
      '--identity',
      'colorteller',
      '--ca-arn',
      ca.caArn,
      '--domain',
      'colorteller.mesh.local',
      '--role',
      'server',
      '--ecs-service',
      'mesh/colorteller',
      '--json',
    ],
    env,
  );
  t.equal(run.code, 0, run.stderr);
  const printed = JSON.parse(run.stdout);
  t.same(Object.keys(printed).sort(), ['certificateArn', 'identity', 'notAfter', 'secretArn', 'serial', 'versionId']);
  t.equal(printed.identity, 'colorteller');
  const secret = JSON.parse(
    (await clients.secrets.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorteller' }))).SecretString!,
  );
  t.equal(printed.serial, secret.serial);
  t.match(run.stderr, /"level":10|"level":20/, 'trace/debug logging really was on');
  assertNothingSecret(t, run.stdout + run.stderr, secret);

  const again = await runCli(
    t,
    ['export', '--identity', 'colorteller', '--certificate-arn', printed.certificateArn, '--role', 'server'],
    env,
  );
  t.equal(again.code, 0, again.stderr);
  t.match(again.stdout, /already exported \(no new version\): identity colorteller/);
});

t.test('issue --source pca writes a short-lived-style identity; bad input exits 1 or 2 with the reason', async (t) => {
  const { ca, env } = await setup(t);
  const pca = await runCli(
    t,
    [
      'issue',
      '--identity',
      'colorgateway',
      '--source',
      'pca',
      '--ca-arn',
      ca.caArn,
      '--domain',
      'colorgateway.mesh.local',
      '--role',
      'client',
      '--validity-days',
      '3',
    ],
    env,
  );
  t.equal(pca.code, 0, pca.stderr);
  t.match(pca.stdout, /exported: identity colorgateway/);

  const badArn = await runCli(
    t,
    ['issue', '--identity', 'x', '--ca-arn', 'not-an-arn', '--domain', 'x.mesh.local'],
    env,
  );
  t.equal(badArn.code, 1);
  t.match(badArn.stderr, /caArn is not a Private CA ARN/);
  const missing = await runCli(t, ['issue', '--identity', 'x'], env);
  t.equal(missing.code, 2, 'a missing required flag is a usage error');
  t.match(missing.stderr, /required option '--ca-arn <arn>' not specified/);
  const help = await runCli(t, ['issue', '--help'], env);
  t.equal(help.code, 0);
  t.match(help.stdout, /--rotation <mode>/);
});

t.test('trust add/list/remove keep the bundle and print what changed', async (t) => {
  const { clients, ca, env } = await setup(t);
  const other = await createRootCa(clients.pca, { commonName: 'Other Root' });
  t.equal((await runCli(t, ['trust', 'add', '--ca-arn', ca.caArn], env)).code, 0);
  const added = await runCli(t, ['trust', 'add', '--ca-arn', other.caArn, '--json'], env);
  t.same(JSON.parse(added.stdout).cas, [ca.caArn, other.caArn]);
  const repeat = await runCli(t, ['trust', 'add', '--ca-arn', other.caArn], env);
  t.match(repeat.stdout, /unchanged \(already added\)/);
  const list = await runCli(t, ['trust', 'list'], env);
  t.match(list.stdout, /CN=CLI Root/);
  t.match(list.stdout, /CN=Other Root/);
  const removed = await runCli(t, ['trust', 'remove', '--ca-arn', ca.caArn, '--json'], env);
  t.same(JSON.parse(removed.stdout).cas, [other.caArn]);
});
