import { RequestCertificateCommand, type CertificateDetail } from '@aws-sdk/client-acm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntilIssued } from '../../lib/acm/wait-until-issued.js';
import { createAwsClients, type AwsClients } from '../../lib/aws/clients.js';
import { exportIdentity, type ExportResult } from '../../lib/identity/export-identity.js';
import { parseExportRequest } from '../../lib/identity/export-request.js';
import { createLogger } from '../../lib/logger.js';
import { createRootCa, type RootCa } from '../../lib/private-ca/create-root-ca.js';
import { addTrustedCa, DEFAULT_TRUST_SECRET_ID, type TrustBundleChange } from '../../lib/trust/trust-bundle.js';
import { startAwsLocal, type RunningAwsLocal } from '../../services/aws-local/server.js';
import { describeError } from '../describe-error.js';
import { formatTable } from '../format-table.js';
import type { CliIo } from '../io.js';
import { COLOR_APP_IDENTITIES, type DemoIdentity } from './color-app.js';
import { StepReporter } from './steps.js';

export interface WalkthroughOptions {
  port: number;
  /** Keep this state directory instead of a fresh temporary one. */
  stateDir?: string;
  /** Resolves when the walkthrough should stop serving (Ctrl-C); omitted with --once. */
  serveUntil?: () => Promise<unknown>;
}

/** Credentials for the embedded endpoint only: it accepts any. */
const LOCAL_CREDENTIALS = { accessKeyId: 'AKIDPCAMTLSLOCAL', secretAccessKey: 'pca-mtls-local' };
const LOCAL_REGION = 'us-east-1';
const TOTAL_STEPS = 6;

interface IssuedIdentity {
  demo: DemoIdentity;
  ca: RootCa;
  certificate: CertificateDetail;
}

/**
 * `npm start`: the whole flow on one machine, step by step, on the embedded
 * local AWS endpoint. Prints ARNs, serials, versions and dates — never key
 * material or secret contents.
 */
export async function runWalkthrough(options: WalkthroughOptions, io: CliIo): Promise<void> {
  const steps = new StepReporter(io, TOTAL_STEPS, describeError);
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'pca-mtls-walkthrough-')));
  let local: RunningAwsLocal | undefined;
  try {
    local = await steps.run(
      'start the embedded local AWS endpoint',
      () => startAwsLocal({ host: '127.0.0.1', port: options.port, stateDir }),
      (running) => `${running.url} (state in ${stateDir})`,
    );
    const clients = createAwsClients({ endpoint: local.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const logger = createLogger({ name: 'pca-mtls-walkthrough', level: process.env.LOG_LEVEL ?? 'warn' });

    const cas = await steps.run(
      'create and activate one root CA per identity (EC P-256)',
      () => Promise.all(COLOR_APP_IDENTITIES.map((demo) => createRootCa(clients.pca, { commonName: demo.caCommonName, keyAlgorithm: demo.keyAlgorithm }))),
      (created) => created.map((ca, i) => `${COLOR_APP_IDENTITIES[i]!.identity}: ${ca.caArn}`).join(', '),
    );

    const issued = await steps.run(
      'request a private certificate for each identity through ACM and wait until ISSUED',
      () => Promise.all(COLOR_APP_IDENTITIES.map((demo, i) => requestCertificate(clients, demo, cas[i]!))),
      (done) => done.map((d) => `${d.demo.domain} ${d.certificate.Status}`).join(', '),
    );

    const exported = await steps.run(
      'export each identity into Secrets Manager (key encrypted with a random passphrase)',
      () =>
        Promise.all(
          issued.map(({ demo, certificate }) =>
            exportIdentity(
              { clients, logger },
              parseExportRequest({ identity: demo.identity, source: 'acm', certificateArn: certificate.CertificateArn, role: demo.role }),
            ),
          ),
        ),
      (results) => results.map((r) => `${r.identity} → ${r.secretArn}`).join(', '),
    );

    const trust = await steps.run(
      'publish a trust bundle with both CAs',
      async () => {
        let change: TrustBundleChange | undefined;
        for (const ca of cas) change = await addTrustedCa(clients, ca.caArn, DEFAULT_TRUST_SECRET_ID);
        return change!;
      },
      (change) => `${change.secretId}: ${change.bundle.cas.length} CAs`,
    );

    await steps.run('summarize', async () => printSummary(io, local!.url, issued, exported, trust));

    if (options.serveUntil) {
      io.err(`Serving on ${local.url} (AWS_ENDPOINT_URL=${local.url}); press Ctrl-C to stop.`);
      await options.serveUntil();
    }
  } finally {
    await local?.close();
    if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
  }
}

async function requestCertificate(clients: AwsClients, demo: DemoIdentity, ca: RootCa): Promise<IssuedIdentity> {
  const requested = await clients.acm.send(
    new RequestCertificateCommand({
      DomainName: demo.domain,
      CertificateAuthorityArn: ca.caArn,
      KeyAlgorithm: demo.keyAlgorithm,
      // Same identity, same token: a re-run within the hour returns the same certificate.
      IdempotencyToken: demo.identity.replace(/[^\w]/g, '').slice(0, 32),
      Tags: [{ Key: 'pca-mtls:identity', Value: demo.identity }],
    }),
  );
  const certificate = await waitUntilIssued(clients.acm, requested.CertificateArn!);
  return { demo, ca, certificate };
}

function printSummary(
  io: CliIo,
  endpoint: string,
  issued: readonly IssuedIdentity[],
  exported: readonly ExportResult[],
  trust: TrustBundleChange,
): void {
  io.out('');
  io.out(`Private certificates issued through ACM from AWS Private CA (endpoint ${endpoint}):`);
  const certificateRows = issued.map(({ demo, ca, certificate }) => [
    demo.identity,
    demo.role,
    certificate.DomainName ?? '',
    certificate.Serial ?? '',
    certificate.NotAfter?.toISOString() ?? '',
    certificate.CertificateArn ?? '',
    ca.caArn,
  ]);
  for (const line of formatTable(['identity', 'role', 'domain', 'serial', 'not after', 'certificate ARN', 'CA ARN'], certificateRows)) {
    io.out(`  ${line}`);
  }
  io.out('');
  io.out('Identity secrets in Secrets Manager (schema pca-mtls/v1; contents not shown):');
  const secretRows = exported.map((r) => [r.identity, r.secretArn, r.versionId, r.serial]);
  for (const line of formatTable(['identity', 'secret ARN', 'version', 'serial'], secretRows)) io.out(`  ${line}`);
  io.out('');
  io.out(`Trust bundle ${trust.secretId} (schema pca-mtls-trust/v1): ${trust.bundle.cas.map((ca) => ca.arn).join(', ')}`);
  io.out('');
}
