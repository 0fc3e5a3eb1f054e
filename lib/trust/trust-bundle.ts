import { GetCertificateAuthorityCertificateCommand } from '@aws-sdk/client-acm-pca';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { createHash } from 'node:crypto';
import { awsCall, AwsCallError } from '../aws/aws-call-error.ts';
import type { AwsClients } from '../aws/clients.ts';
import { PcaMtlsError } from '../errors.ts';
import { parseCertificate } from '../pki/index.ts';
import { DEFAULT_TRUST_SECRET_ID } from '../vocabulary.ts';
import {
  parseTrustBundleSecret,
  serializeTrustBundleSecret,
  TRUST_SCHEMA,
  type TrustBundleSecret,
  type TrustedCa,
} from '../secret-schema/trust-bundle-secret.ts';

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
  /** The AWSCURRENT version's id; '' when the secret does not exist yet. */
  versionId: string;
}

async function readBundle(secrets: SecretsManagerClient, secretId: string): Promise<CurrentBundle> {
  try {
    const out = await awsCall('secretsmanager:GetSecretValue', () =>
      secrets.send(new GetSecretValueCommand({ SecretId: secretId })),
    );
    return {
      bundle: parseTrustBundleSecret(out.SecretString ?? '', secretId),
      exists: true,
      versionId: out.VersionId ?? '',
    };
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'AWS_NOT_FOUND')
      return { bundle: undefined, exists: false, versionId: '' };
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

/**
 * The same change (same set of CAs written over the same current version)
 * gets the same token, so concurrent writers of one change add one version.
 * The current version is part of it because a set may come back (add B,
 * then remove B): a token from the set alone would name the old version,
 * which Secrets Manager keeps and, on a repeated token, does not make
 * current again.
 */
function versionToken(cas: readonly TrustedCa[], replacesVersionId: string): string {
  const basis = [...cas]
    .sort((a, b) => a.arn.localeCompare(b.arn))
    .map((ca) => `${ca.arn}\n${ca.certificate}`)
    .join('\n');
  return createHash('sha256').update(`${TRUST_SCHEMA}|${replacesVersionId}|${basis}`).digest('hex');
}

async function writeBundle(
  secrets: SecretsManagerClient,
  secretId: string,
  current: CurrentBundle,
  cas: TrustedCa[],
): Promise<{ bundle: TrustBundleSecret; versionId: string }> {
  const bundle: TrustBundleSecret = { schema: TRUST_SCHEMA, cas, updatedAt: new Date().toISOString() };
  const token = versionToken(cas, current.versionId);
  const exists = current.exists;
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
  clients: Pick<TrustClients, 'secrets'>,
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
    const written = await writeBundle(clients.secrets, secretId, current, after);
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

/** The bundle entry name of a CA certificate given as PEM rather than by Private CA ARN. */
export function certificateEntryName(fingerprintSha256: string): string {
  return `certificate:sha256:${fingerprintSha256}`;
}

/**
 * Adds a CA certificate that is not a Private CA (e.g. the root of ACM's
 * public certificates, for a `server` identity with an exportable public
 * certificate) under `certificate:sha256:<fingerprint>`. It must be a CA
 * certificate; every peer then trusts it, for servers and for clients alike.
 * Idempotent.
 *
 * @throws PcaMtlsError NOT_A_CA_CERTIFICATE
 */
export async function addTrustedCertificate(
  clients: Pick<TrustClients, 'secrets'>,
  certificatePem: string,
  secretId = DEFAULT_TRUST_SECRET_ID,
): Promise<TrustBundleChange & { name: string }> {
  const parsed = parseCertificate(certificatePem);
  if (!parsed.isCa)
    throw new PcaMtlsError(
      'NOT_A_CA_CERTIFICATE',
      `${parsed.subject} is not a CA certificate (basicConstraints cA is not set); give the root of the chain peers must trust`,
    );
  const name = certificateEntryName(parsed.fingerprint256);
  const change = await updateBundle(
    clients,
    secretId,
    (cas) => [...cas.filter((ca) => ca.arn !== name), { arn: name, certificate: parsed.pem }],
    (bundle) => bundle.cas.some((ca) => ca.arn === name),
  );
  return { ...change, name };
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
