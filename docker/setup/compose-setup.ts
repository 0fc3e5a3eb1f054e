/**
 * The compose demo's one-shot setup job (docker/compose.yaml `setup`): the same steps as `npm start` before
 * the agents start — one root CA per identity, a private certificate for each through ACM, exported into
 * Secrets Manager as pca-mtls/v1, and the trust bundle with both CAs. AWS endpoint, region and credentials
 * come from the standard environment (AWS_ENDPOINT_URL=http://aws-local:4566 in compose).
 *
 * Re-running against a state that already has a trust bundle changes nothing: the job is safe under
 * `docker compose up` after a restart with a kept aws-local volume.
 */
import { createAwsClients, type AwsClients } from '../../lib/aws/clients.ts';
import { exportIdentity } from '../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../lib/identity/export-request.ts';
import type { Logger } from '../../lib/logger.ts';
import { createRootCa } from '../../lib/private-ca/create-root-ca.ts';
import { addTrustedCa, listTrustedCas } from '../../lib/trust/trust-bundle.ts';
import { DEFAULT_TRUST_SECRET_ID } from '../../lib/vocabulary.ts';

/** The demo's identities, as compose.yaml's agents name them (PCA_MTLS_SECRET_ID, SANs). */
export const COMPOSE_IDENTITIES = Object.freeze([
  { identity: 'colorteller', domain: 'colorteller.mesh.local', role: 'server', rotation: 'hot' },
  { identity: 'colorgateway', domain: 'colorgateway.mesh.local', role: 'client', rotation: 'hot' },
] as const);

export interface SetupResult {
  /** false when a trust bundle was already there and nothing was done. */
  created: boolean;
  secrets: { identity: string; secretArn: string; serial: string }[];
  trustedCas: string[];
}

export async function setUpComposeDemo(deps: { clients: AwsClients; logger: Logger }): Promise<SetupResult> {
  const { clients, logger } = deps;
  const existing = await listTrustedCas(clients, DEFAULT_TRUST_SECRET_ID);
  if (existing && existing.cas.length > 0)
    return { created: false, secrets: [], trustedCas: existing.cas.map((ca) => ca.arn) };
  const secrets: SetupResult['secrets'] = [];
  const trustedCas: string[] = [];
  for (const demo of COMPOSE_IDENTITIES) {
    const ca = await createRootCa(clients.pca, { commonName: demo.identity });
    const exported = await exportIdentity(
      { clients, logger },
      parseExportRequest({ ...demo, source: 'acm', caArn: ca.caArn }),
    );
    secrets.push({ identity: demo.identity, secretArn: exported.secretArn, serial: exported.serial });
    trustedCas.push(ca.caArn);
  }
  // The bundle last: its presence is what marks the setup as done.
  for (const caArn of trustedCas) await addTrustedCa(clients, caArn, DEFAULT_TRUST_SECRET_ID);
  return { created: true, secrets, trustedCas };
}

async function main(): Promise<void> {
  const { createLogger } = await import('../../lib/logger.ts');
  const logger = createLogger({ name: 'pca-mtls-compose-setup', level: process.env.LOG_LEVEL ?? 'warn' });
  const result = await setUpComposeDemo({ clients: createAwsClients(), logger });
  if (!result.created) process.stdout.write(`setup: trust bundle already holds ${result.trustedCas.join(', ')}\n`);
  for (const s of result.secrets) process.stdout.write(`setup: ${s.identity} → ${s.secretArn} (serial ${s.serial})\n`);
  if (result.created)
    process.stdout.write(`setup: trust bundle ${DEFAULT_TRUST_SECRET_ID}: ${result.trustedCas.join(', ')}\n`);
}

if (process.argv[1] && /compose-setup\.(mjs|ts)$/.test(process.argv[1])) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `setup failed: ${err instanceof Error ? `${(err as { code?: string }).code ?? err.name}: ${err.message}` : String(err)}\n`,
    );
    process.exit(1);
  });
}
