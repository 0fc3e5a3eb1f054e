import { ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, ListSecretVersionIdsCommand } from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { createAwsClients } from '../../../lib/aws/clients.ts';
import { exportIdentity } from '../../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../../lib/identity/export-request.ts';
import { createRootCa } from '../../../lib/private-ca/create-root-ca.ts';
import { spawnCli } from '../../helpers/cli-process.ts';
import { TEST_CREDENTIALS } from '../../helpers/aws-local.ts';
import { capturingLogger, DAY_MS } from './harness.ts';
import { nth } from '../../helpers/present.ts';

async function control(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}/_aws-local/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as any;
}

t.test(
  'pca-mtls local registers the project Lambdas and installs the project rules; a renewal runs through them',
  async (t) => {
    const cli = spawnCli(
      t,
      ['local', '--port', '0', '--state-dir', t.testdir(), '--timing', 'acm.renew=50ms', '--timing', 'acm.issue=50ms'],
      { LOG_LEVEL: 'info' },
    );
    const url = nth(await cli.waitFor(/aws-local listening on (http:\/\/127\.0\.0\.1:\d+)/), 1, 'the listening line');
    const wired =
      /functions pca-mtls-export, pca-mtls-renew; rules pca-mtls-acm-events, pca-mtls-reconcile-sweep \(us-east-1\); ACM events → queue pca-mtls-renewal-events → pca-mtls-renew \(batch 5, window 10 s, max concurrency 2\)/;
    // Written to stderr before the listening line goes to stdout, but the two pipes are read independently.
    await cli.waitFor(wired, 10_000);
    t.match(cli.stderr(), wired);
    t.same((await control(url, 'GET', 'lambdas')).functions, ['pca-mtls-export', 'pca-mtls-renew']);
    const clients = createAwsClients({ endpoint: url, region: 'us-east-1', credentials: TEST_CREDENTIALS });
    const rules = (await clients.events.send(new ListRulesCommand({}))).Rules!;
    t.same(
      rules.map((r) => r.Name),
      ['pca-mtls-acm-events', 'pca-mtls-reconcile-sweep'],
    );

    const ca = await createRootCa(clients.pca, { commonName: 'CLI Root' });
    const exported = await exportIdentity(
      { clients, logger: capturingLogger('silent').logger },
      parseExportRequest({
        identity: 'colorteller',
        caArn: ca.caArn,
        domain: 'colorteller.mesh.local',
        role: 'server',
      }),
    );
    const notAfter = Date.parse(exported.notAfter);
    await control(url, 'POST', 'clock', { now: new Date(notAfter - 60 * DAY_MS + 5_000).toISOString() });
    await control(url, 'POST', 'settle', { timeoutMs: 60_000 });
    const renewal = (await control(url, 'GET', 'events?detailType=ACM%20Certificate%20Available')).events.find(
      (e: any) => e.detail.Action === 'RENEWAL',
    );
    t.match(
      renewal.deliveries,
      [{ targetArn: /:sqs:us-east-1:000000000000:pca-mtls-renewal-events$/, status: 'SUCCEEDED' }],
      'the event went to the renewal queue, as the stack wires it',
    );
    const [mapping] = (await control(url, 'GET', 'event-source-mappings')).eventSourceMappings;
    t.match(
      mapping,
      { FunctionArn: /:function:pca-mtls-renew$/, BatchSize: 5, stats: { messagesDeleted: 1 } },
      'the mapping handed the queued event to the renew function, which handled it',
    );
    const summaries = cli
      .stderr()
      .split('\n')
      .filter((line) => line.includes('"msg":"renewal summary"'))
      .map((line) => JSON.parse(line));
    t.match(
      summaries.filter((s) => s.trigger === 'ACM Certificate Available' && s.messageId !== undefined),
      [{ renewed: ['colorteller'] }],
      'the renew function wrote the new version from the queued event (an SQS record: it logs its messageId)',
    );
    const versions = (await clients.secrets.send(new ListSecretVersionIdsCommand({ SecretId: 'pca-mtls/colorteller' })))
      .Versions!;
    t.equal(versions.length, 2);
    const current = JSON.parse(
      (await clients.secrets.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorteller' }))).SecretString!,
    );
    t.not(current.serial, exported.serial);
    t.match(cli.stderr(), /"msg":"renewal summary"/, 'the function logs its summary to the CLI stderr');
    t.notMatch(cli.stderr() + cli.stdout(), /BEGIN ENCRYPTED PRIVATE KEY|"passphrase"/, 'and nothing secret');
    t.notOk((cli.stderr() + cli.stdout()).includes(current.passphrase));
    cli.child.kill('SIGTERM');
    t.equal((await cli.exited).code, 0);
  },
);

t.test('pca-mtls local --bare registers nothing and installs nothing', async (t) => {
  const cli = spawnCli(t, ['local', '--port', '0', '--state-dir', t.testdir(), '--bare']);
  const url = nth(await cli.waitFor(/aws-local listening on (http:\/\/127\.0\.0\.1:\d+)/), 1, 'the listening line');
  t.same((await control(url, 'GET', 'lambdas')).functions, []);
  const clients = createAwsClients({ endpoint: url, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  t.same((await clients.events.send(new ListRulesCommand({}))).Rules, []);
  t.notMatch(cli.stderr(), /functions pca-mtls-export/);
  cli.child.kill('SIGTERM');
  t.equal((await cli.exited).code, 0);
});
