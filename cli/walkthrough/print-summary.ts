import type { ExportResult } from '../../lib/identity/export-identity.ts';
import type { TrustBundleChange } from '../../lib/trust/trust-bundle.ts';
import { formatTable } from '../format-table.ts';
import type { CliIo } from '../io.ts';
import { GATEWAY } from './color-app.ts';
import type { IssuedIdentity, RenewalOutcome, Serials } from './walkthrough-context.ts';

/** What the summary reports: ARNs, serials, versions and dates, never key material or secret contents. */
export interface SummaryFacts {
  endpoint: string;
  issued: readonly IssuedIdentity[];
  exported: readonly ExportResult[];
  trust: TrustBundleChange;
  serialsBefore: Serials;
  renewal: RenewalOutcome;
}

type Out = (line?: string) => void;

/** The walkthrough's closing report on stdout: certificates, secrets, trust bundle, renewal, and what was proven. */
export function printSummary(io: CliIo, facts: SummaryFacts): void {
  const out: Out = (line = '') => io.out(line);
  out();
  printCertificates(out, facts);
  out();
  printSecrets(out, facts);
  out();
  out(`Trust bundle ${facts.trust.secretId}: ${facts.trust.bundle.cas.map((ca) => ca.arn).join(', ')}`);
  out();
  printRenewal(out, facts.renewal);
  out();
  printProven(out, facts);
  out();
}

function printCertificates(out: Out, { endpoint, issued }: SummaryFacts): void {
  out(`Private certificates issued through ACM from AWS Private CA (endpoint ${endpoint}):`);
  const rows = issued.map(({ demo, ca, certificate }) => [
    demo.identity,
    demo.role,
    certificate.DomainName ?? '',
    certificate.Serial ?? '',
    certificate.NotAfter?.toISOString() ?? '',
    certificate.CertificateArn ?? '',
    ca.caArn,
  ]);
  for (const line of formatTable(
    ['identity', 'role', 'domain', 'serial', 'not after', 'certificate ARN', 'CA ARN'],
    rows,
  ))
    out(`  ${line}`);
}

function printSecrets(out: Out, { exported, renewal }: SummaryFacts): void {
  out('Identity secrets in Secrets Manager (schema pca-mtls/v1; contents not shown):');
  const rows = exported.map((r) => {
    const renewed = renewal.events
      .flatMap((e) => e.delivery.summary?.versionsWritten ?? [])
      .find((w) => w.identity === r.identity);
    return [r.identity, r.secretArn, r.serial, renewed?.serial ?? '', renewed?.versionId ?? ''];
  });
  for (const line of formatTable(['identity', 'secret ARN', 'first serial', 'renewed serial', 'renewed version'], rows))
    out(`  ${line}`);
}

function printRenewal(out: Out, renewal: RenewalOutcome): void {
  out('Renewal:');
  for (const event of renewal.events) {
    const summary = event.delivery.summary;
    out(`  event ACM Certificate Available (RENEWAL) ${event.id} at ${event.time} for ${event.certificateArn}`);
    out(
      `    → renewal queue: ${event.delivery.status} after ${event.delivery.attempts} attempt(s) → renew Lambda (event source mapping): ${summary ? 'handled' : 'no summary'}; versions written: ${(summary?.versionsWritten ?? []).map((w) => `${w.identity} ${w.serial}`).join(', ') || 'none'}; services rolled: ${(summary?.servicesRolled ?? []).map((s) => `${s.service} (${s.deploymentId ?? '?'})`).join(', ') || 'none'}`,
    );
  }
  out(
    `  ECS ${GATEWAY.ecsService}: new PRIMARY deployment ${renewal.newDeployment.id} (${renewal.newDeployment.rolloutState}), ${renewal.deploymentsBefore} before`,
  );
  out(
    `  live traffic through the rotation: ${renewal.traffic.requests} requests, ${renewal.traffic.failures} failed; teller serials seen ${renewal.traffic.tellerSerials.join(' → ')}, gateway serials seen ${renewal.traffic.gatewaySerials.join(' → ')}`,
  );
}

function printProven(out: Out, { serialsBefore, renewal }: SummaryFacts): void {
  out('What this proved:');
  out(
    '  - ACM issued private certificates from AWS Private CA; each key left ACM only encrypted, and the export verified it before storing one pca-mtls/v1 secret per identity.',
  );
  out(
    "  - Each agent fetched, verified and wrote its material into memory-backed files and rendered Envoy's config, without logging a key or passphrase.",
  );
  out(
    `  - colorgateway and colorteller authenticated each other with mutual TLS (client serial ${serialsBefore.gateway}, server serial ${serialsBefore.teller}); a client without a certificate was refused.`,
  );
  out(
    `  - At ACM's renewal point the event reached the renew Lambda, which wrote exactly one new version per identity, redeployed ${GATEWAY.ecsService} (redeploy mode) and left colorteller (hot mode) to its agent.`,
  );
  out(
    `  - The agents rotated the files without a restart and traffic kept flowing: ${renewal.traffic.failures} failed requests out of ${renewal.traffic.requests}.`,
  );
}
