import { GetCertificateAuthorityCertificateCommand } from '@aws-sdk/client-acm-pca';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { createHash } from 'node:crypto';
import { awsCall, AwsCallError } from '../aws/aws-call-error.js';
import type { AwsClients } from '../aws/clients.js';
import { PcaMtlsError } from '../errors.js';
import { DEFAULT_TRUST_SECRET_ID } from '../vocabulary.js';
import {
  parseTrustBundleSecret,
  serializeTrustBundleSecret,
  TRUST_SCHEMA,
  type TrustBundleSecret,
  type TrustedCa,
} from '../secret-schema/trust-bundle-secret.js';

/** The trust bundle reads CA certificates from Private CA and lives in Secrets Manager. */
export type TrustClients = Pick<AwsClients, 'pca' | 'secrets'>;

/** Read-modify-write attempts when another writer changes the bundle at the same time. */
const MAX_WRITE_ATTEMPTS = 5;

export interface TrustBundleChange {
  secretId: string;
  /** The bundle after the change. */
  bundle: TrustBundleSecret;
  /** False when the bundle already had (or lacked) the CA: nothing was written. */
  changed: boolean;
  versionId?: string;
}

interface CurrentBundle {
  bundle: TrustBundleSecret | undefined;
  exists: boolean;
}

async function readBundle(secrets: SecretsManagerClient, secretId: string): Promise<CurrentBundle> {
  try {
    const out = await awsCall('secretsmanager:GetSecretValue', () =>
      secrets.send(new GetSecretValueCommand({ SecretId: secretId })),
    );
    return { bundle: parseTrustBundleSecret(out.SecretString ?? '', secretId), exists: true };
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'AWS_NOT_FOUND') return { bundle: undefined, exists: false };
    throw err;
  }
}

/** The CA's certificate with its chain up to the root, so peers can anchor at the root. */
async function fetchCaCertificate(clients: TrustClients, caArn: string): Promise<string> {
  const out = await awsCall('acm-pca:GetCertificateAuthorityCertificate', () =>
    clients.pca.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: caArn })),
  );
  if (!out.Certificate)
    throw new PcaMtlsError('CA_NOT_ACTIVE', `Private CA ${caArn} has no certificate yet; activate it first`);
  const parts = [out.Certificate, out.CertificateChain].filter((p): p is string => Boolean(p));
  return parts.map((p) => (p.endsWith('\n') ? p : `${p}\n`)).join('');
}

/** Same set of CAs, same token: concurrent writers of identical content add one version. */
function versionToken(cas: readonly TrustedCa[]): string {
  const basis = [...cas]
    .sort((a, b) => a.arn.localeCompare(b.arn))
    .map((ca) => `${ca.arn}\n${ca.certificate}`)
    .join('\n');
  return createHash('sha256').update(`${TRUST_SCHEMA}|${basis}`).digest('hex');
}

async function writeBundle(
  secrets: SecretsManagerClient,
  secretId: string,
  exists: boolean,
  cas: TrustedCa[],
): Promise<{ bundle: TrustBundleSecret; versionId: string }> {
  const bundle: TrustBundleSecret = { schema: TRUST_SCHEMA, cas, updatedAt: new Date().toISOString() };
  const token = versionToken(cas);
  const SecretString = serializeTrustBundleSecret(bundle);
  try {
    if (exists) {
      await awsCall('secretsmanager:PutSecretValue', () =>
        secrets.send(new PutSecretValueCommand({ SecretId: secretId, SecretString, ClientRequestToken: token })),
      );
    } else {
      await awsCall('secretsmanager:CreateSecret', () =>
        secrets.send(
          new CreateSecretCommand({
            Name: secretId,
            Description: 'pca-mtls trust bundle: the CA certificates peers trust',
            SecretString,
            ClientRequestToken: token,
            Tags: [{ Key: 'pca-mtls:trust-bundle', Value: 'true' }],
          }),
        ),
      );
    }
  } catch (err) {
    // Identical content already written under this token (updatedAt differs): that version stands.
    if (!(err instanceof AwsCallError && err.awsErrorName === 'ResourceExistsException')) throw err;
  }
  return { bundle, versionId: token };
}

/**
 * Applies `edit` to the current CA list and writes it if it changed, then
 * reads back to confirm: another writer's concurrent change would otherwise
 * be lost (Secrets Manager has no compare-and-swap), so it retries.
 */
async function updateBundle(
  clients: TrustClients,
  secretId: string,
  edit: (cas: TrustedCa[]) => TrustedCa[],
  holds: (bundle: TrustBundleSecret) => boolean,
): Promise<TrustBundleChange> {
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
    const current = await readBundle(clients.secrets, secretId);
    const before = current.bundle?.cas ?? [];
    const after = edit([...before]);
    if (current.bundle && holds(current.bundle) && after.length === before.length) {
      return { secretId, bundle: current.bundle, changed: false };
    }
    const written = await writeBundle(clients.secrets, secretId, current.exists, after);
    const check = await readBundle(clients.secrets, secretId);
    if (check.bundle && holds(check.bundle))
      return { secretId, bundle: check.bundle, changed: true, versionId: written.versionId };
  }
  throw new PcaMtlsError(
    'TRUST_BUNDLE_CONTENDED',
    `trust bundle ${secretId} kept changing under concurrent writers; try again`,
  );
}

/** Adds (or refreshes) a CA in the trust bundle, keeping the others. Idempotent. */
export async function addTrustedCa(
  clients: TrustClients,
  caArn: string,
  secretId = DEFAULT_TRUST_SECRET_ID,
): Promise<TrustBundleChange> {
  const certificate = await fetchCaCertificate(clients, caArn);
  return updateBundle(
    clients,
    secretId,
    (cas) => [...cas.filter((ca) => ca.arn !== caArn), { arn: caArn, certificate }],
    (bundle) => bundle.cas.some((ca) => ca.arn === caArn && ca.certificate === certificate),
  );
}

/** Removes a CA from the trust bundle, keeping the others. Idempotent. */
export async function removeTrustedCa(
  clients: TrustClients,
  caArn: string,
  secretId = DEFAULT_TRUST_SECRET_ID,
): Promise<TrustBundleChange> {
  const current = await readBundle(clients.secrets, secretId);
  if (!current.bundle?.cas.some((ca) => ca.arn === caArn)) {
    return { secretId, bundle: current.bundle ?? { schema: TRUST_SCHEMA, cas: [], updatedAt: '' }, changed: false };
  }
  return updateBundle(
    clients,
    secretId,
    (cas) => cas.filter((ca) => ca.arn !== caArn),
    (bundle) => !bundle.cas.some((ca) => ca.arn === caArn),
  );
}

export async function listTrustedCas(
  clients: TrustClients,
  secretId = DEFAULT_TRUST_SECRET_ID,
): Promise<TrustBundleSecret | undefined> {
  return (await readBundle(clients.secrets, secretId)).bundle;
}
