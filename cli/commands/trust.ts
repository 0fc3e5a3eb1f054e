import type { Command } from 'commander';
import { parseCertificate } from '../../lib/pki/index.ts';
import { readFile } from 'node:fs/promises';
import { DEFAULT_TRUST_SECRET_ID } from '../../lib/vocabulary.ts';
import {
  addTrustedCa,
  addTrustedCertificate,
  listTrustedCas,
  removeTrustedCa,
  type TrustBundleChange,
} from '../../lib/trust/trust-bundle.ts';
import { awsContextFromEnvironment, type AwsContext } from '../aws-context.ts';
import { formatTable } from '../format-table.ts';
import { UsageError, type CliIo } from '../io.ts';

function describeChange(io: CliIo, verb: string, caArn: string, change: TrustBundleChange, json?: boolean): void {
  if (json) {
    io.out(
      JSON.stringify({
        secretId: change.secretId,
        changed: change.changed,
        cas: change.bundle.cas.map((ca) => ca.arn),
      }),
    );
    return;
  }
  io.out(
    `${change.changed ? verb : `unchanged (already ${verb})`}: ${caArn} in ${change.secretId} (${change.bundle.cas.length} CA(s) trusted)`,
  );
}

/** Flags every trust subcommand takes. */
interface TrustOptions {
  secretId: string;
  json?: boolean;
}
interface AddOptions extends TrustOptions {
  caArn?: string;
  certificateFile?: string;
}
interface RemoveOptions extends TrustOptions {
  caArn: string;
}

/** What `trust add` adds: exactly one of a Private CA or a CA certificate file. */
type AddSource = { kind: 'private-ca'; caArn: string } | { kind: 'certificate-file'; path: string };

/** `trust add`'s flags → the one source it adds. */
export function addSource({ caArn, certificateFile }: AddOptions): AddSource {
  if (caArn && !certificateFile) return { kind: 'private-ca', caArn };
  if (certificateFile && !caArn) return { kind: 'certificate-file', path: certificateFile };
  throw new UsageError('trust add takes exactly one of --ca-arn and --certificate-file');
}

function withCommonOptions(command: Command): Command {
  return command
    .option('--secret-id <id>', 'the trust-bundle secret', DEFAULT_TRUST_SECRET_ID)
    .option('--json', 'print JSON');
}

async function runAdd(io: CliIo, context: () => AwsContext, options: AddOptions): Promise<void> {
  const source = addSource(options);
  if (source.kind === 'certificate-file') {
    const pem = await readFile(source.path, 'utf8');
    const change = await addTrustedCertificate(context().clients, pem, options.secretId);
    describeChange(io, 'added', change.name, change, options.json);
    return;
  }
  const change = await addTrustedCa(context().clients, source.caArn, options.secretId);
  describeChange(io, 'added', source.caArn, change, options.json);
}

async function runRemove(io: CliIo, context: () => AwsContext, options: RemoveOptions): Promise<void> {
  const change = await removeTrustedCa(context().clients, options.caArn, options.secretId);
  describeChange(io, 'removed', options.caArn, change, options.json);
}

async function runList(io: CliIo, context: () => AwsContext, options: TrustOptions): Promise<void> {
  const bundle = await listTrustedCas(context().clients, options.secretId);
  const rows = (bundle?.cas ?? []).map((ca) => {
    const cert = parseCertificate(ca.certificate);
    return { arn: ca.arn, subject: cert.subject, serial: cert.serial, notAfter: cert.notAfter.toISOString() };
  });
  if (options.json) {
    io.out(JSON.stringify({ secretId: options.secretId, updatedAt: bundle?.updatedAt, cas: rows }));
    return;
  }
  if (!bundle) {
    io.out(`no trust bundle at ${options.secretId} yet; add a CA with: pca-mtls trust add --ca-arn ARN`);
    return;
  }
  for (const line of formatTable(
    ['CA ARN', 'subject', 'serial', 'not after'],
    rows.map((r) => [r.arn, r.subject, r.serial, r.notAfter]),
  ))
    io.out(line);
}

export function registerTrustCommand(
  program: Command,
  io: CliIo,
  context: () => AwsContext = awsContextFromEnvironment,
): void {
  const trust = program
    .command('trust')
    .description('maintain the trust bundle: the CA certificates every peer trusts');
  withCommonOptions(
    trust
      .command('add')
      .description(
        'add a Private CA (its certificate and chain), or a CA certificate from a PEM file, to the bundle; idempotent',
      ),
  )
    .option('--ca-arn <arn>', 'the Private CA to trust')
    .option(
      '--certificate-file <pem>',
      "a CA certificate that is not a Private CA, e.g. the root of an exportable public ACM certificate's chain",
    )
    .action((options: AddOptions) => runAdd(io, context, options));
  withCommonOptions(trust.command('remove').description('remove a Private CA from the bundle; idempotent'))
    .requiredOption('--ca-arn <arn>', 'the Private CA to stop trusting')
    .action((options: RemoveOptions) => runRemove(io, context, options));
  withCommonOptions(trust.command('list').description('list the trusted CAs')).action((options: TrustOptions) =>
    runList(io, context, options),
  );
}
