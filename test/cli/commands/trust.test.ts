import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import t from 'tap';
import type { AwsContext } from '../../../cli/aws-context.ts';
import { addSource, registerTrustCommand } from '../../../cli/commands/trust.ts';
import { UsageError } from '../../../cli/io.ts';
import { certificateEntryName } from '../../../lib/trust/trust-bundle.ts';
import { createLogger } from '../../../lib/logger.ts';
import { clientsFor, startTestAwsLocal } from '../../helpers/aws-local.ts';
import { createRootCa } from '../../helpers/pki-fixtures.ts';

/** `pca-mtls trust …` in-process, its output captured, with the AWS context the test gives. */
function trustProgram(context: () => AwsContext) {
  const out: string[] = [];
  const program = new Command('pca-mtls').exitOverride();
  registerTrustCommand(program, { out: (line) => out.push(line), err: () => undefined }, context);
  return { out, run: (args: string[]) => program.parseAsync(args, { from: 'user' }) };
}

t.test('trust add takes exactly one of --ca-arn and --certificate-file', async (t) => {
  t.same(addSource({ secretId: 's', caArn: 'arn:ca' }), { kind: 'private-ca', caArn: 'arn:ca' });
  t.same(addSource({ secretId: 's', certificateFile: 'ca.pem' }), { kind: 'certificate-file', path: 'ca.pem' });
  for (const options of [{}, { caArn: 'arn:ca', certificateFile: 'ca.pem' }, { caArn: '' }]) {
    t.throws(() => addSource({ secretId: 's', ...options }), UsageError, JSON.stringify(options));
  }
});

t.test('a usage error comes before any AWS context is made', async (t) => {
  let contexts = 0;
  const { run } = trustProgram(() => {
    contexts += 1;
    throw new Error('no AWS context expected');
  });
  await t.rejects(run(['trust', 'add']), UsageError);
  await t.rejects(run(['trust', 'add', '--ca-arn', 'arn:ca', '--certificate-file', 'ca.pem']), UsageError);
  t.equal(contexts, 0);
});

t.test('trust add --certificate-file adds the CA certificate under its fingerprint, once', async (t) => {
  const local = await startTestAwsLocal(t);
  const clients = await clientsFor(local);
  const context = () => ({ clients, logger: createLogger({ name: 'test', level: 'silent' }) });
  const root = await createRootCa({ commonName: 'Public Root' });
  const pemFile = join(t.testdir(), 'root.pem');
  await writeFile(pemFile, root.pem);
  const { out, run } = trustProgram(context);
  await run(['trust', 'add', '--certificate-file', pemFile]);
  await run(['trust', 'add', '--certificate-file', pemFile, '--json']);
  await run(['trust', 'list', '--json']);
  const name = certificateEntryName(fingerprint(root.pem));
  t.equal(out[0], `added: ${name} in pca-mtls/trust (1 CA(s) trusted)`);
  t.same(JSON.parse(out[1] ?? ''), { secretId: 'pca-mtls/trust', changed: false, cas: [name] });
  t.match(JSON.parse(out[2] ?? ''), { cas: [{ arn: name, subject: root.subject }] });
});

/** The SHA-256 fingerprint as lib/pki reports it (lowercase hex), computed here by node:crypto's X509Certificate. */
function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();
}
