import type { Command } from 'commander';
import { parseCertificate } from '../../lib/pki/index.js';
import { DEFAULT_TRUST_SECRET_ID } from '../../lib/vocabulary.js';
import { addTrustedCa, listTrustedCas, removeTrustedCa, type TrustBundleChange } from '../../lib/trust/trust-bundle.js';
import { awsContextFromEnvironment, type AwsContext } from '../aws-context.js';
import { formatTable } from '../format-table.js';
import type { CliIo } from '../io.js';

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

export function registerTrustCommand(
  program: Command,
  io: CliIo,
  context: () => AwsContext = awsContextFromEnvironment,
): void {
  const trust = program
    .command('trust')
    .description('maintain the trust bundle: the CA certificates every peer trusts');
  const common = (command: Command) =>
    command
      .option('--secret-id <id>', 'the trust-bundle secret', DEFAULT_TRUST_SECRET_ID)
      .option('--json', 'print JSON');

  common(trust.command('add').description('add a Private CA (its certificate and chain) to the bundle; idempotent'))
    .requiredOption('--ca-arn <arn>', 'the Private CA to trust')
    .action(async (options: { caArn: string; secretId: string; json?: boolean }) => {
      describeChange(
        io,
        'added',
        options.caArn,
        await addTrustedCa(context().clients, options.caArn, options.secretId),
        options.json,
      );
    });

  common(trust.command('remove').description('remove a Private CA from the bundle; idempotent'))
    .requiredOption('--ca-arn <arn>', 'the Private CA to stop trusting')
    .action(async (options: { caArn: string; secretId: string; json?: boolean }) => {
      describeChange(
        io,
        'removed',
        options.caArn,
        await removeTrustedCa(context().clients, options.caArn, options.secretId),
        options.json,
      );
    });

  common(trust.command('list').description('list the trusted CAs')).action(
    async (options: { secretId: string; json?: boolean }) => {
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
    },
  );
}
