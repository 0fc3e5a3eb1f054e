/**
 * What `pca-mtls trust add|remove|list` run once their flags are parsed:
 * loaded by the commands' actions only, so that --help and the other commands
 * never load the AWS SDK clients and the X.509 code.
 */
import { readFile } from 'node:fs/promises';
import { parseCertificate } from '../../lib/pki/index.ts';
import {
  addTrustedCa,
  addTrustedCertificate,
  listTrustedCas,
  removeTrustedCa,
  type TrustBundleChange,
} from '../../lib/trust/trust-bundle.ts';
import { awsContextFromEnvironment, type AwsContext } from '../aws-context.ts';
import { formatTable } from '../format-table.ts';
import type { CliIo } from '../io.ts';
import type { AddSource, RemoveOptions, TrustOptions } from './trust.ts';

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

export async function runAdd(
  io: CliIo,
  options: TrustOptions,
  source: AddSource,
  context: () => AwsContext = awsContextFromEnvironment,
): Promise<void> {
  if (source.kind === 'certificate-file') {
    const pem = await readFile(source.path, 'utf8');
    const change = await addTrustedCertificate(context().clients, pem, options.secretId);
    describeChange(io, 'added', change.name, change, options.json);
    return;
  }
  const change = await addTrustedCa(context().clients, source.caArn, options.secretId);
  describeChange(io, 'added', source.caArn, change, options.json);
}

export async function runRemove(
  io: CliIo,
  options: RemoveOptions,
  context: () => AwsContext = awsContextFromEnvironment,
): Promise<void> {
  const change = await removeTrustedCa(context().clients, options.caArn, options.secretId);
  describeChange(io, 'removed', options.caArn, change, options.json);
}

export async function runList(
  io: CliIo,
  options: TrustOptions,
  context: () => AwsContext = awsContextFromEnvironment,
): Promise<void> {
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
