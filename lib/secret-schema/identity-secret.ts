import { SecretSchemaError } from './errors.ts';
import { CERTIFICATE_SOURCES, type CertificateSource } from '../vocabulary.ts';
import { parseJsonObject } from './json-object.ts';

export const IDENTITY_SCHEMA = 'pca-mtls/v1';

/** One identity's material: what the export writes and the agent reads (`pca-mtls/v1`, docs/architecture.md). */
export interface IdentitySecret {
  schema: typeof IDENTITY_SCHEMA;
  identity: string;
  source: CertificateSource;
  /** For `acm`: the ACM certificate. */
  certificateArn?: string;
  /** For `pca`: the issuing CA (and the certificate ARN Private CA returned). */
  caArn?: string;
  /** Leaf certificate, PEM. */
  certificate: string;
  /** The issuing chain without the leaf, PEM, as ACM returns it. */
  certificateChain: string;
  /** Encrypted PKCS#8 PEM. */
  privateKey: string;
  passphrase: string;
  /** Lowercase hex, no separators. */
  serial: string;
  notBefore: string;
  notAfter: string;
  keyAlgorithm: string;
  exportedAt: string;
}

/**
 * The original App Mesh sample's format. Its export Lambda passed the base64
 * of the passphrase to ExportCertificate, so the key decrypts with
 * base64(Passphrase), not Passphrase itself.
 */
export interface LegacyGatewaySecret {
  GatewayCertificate: string;
  GatewayCertificateChain: string;
  GatewayPrivateKey: string;
  Passphrase: string;
}

/** What readers get from either format. */
export interface IdentityMaterial {
  format: 'pca-mtls/v1' | 'legacy-app-mesh-sample';
  certificate: string;
  certificateChain: string;
  privateKey: string;
  /** Passphrases to try, in order (the legacy format has two candidates). */
  passphrases: string[];
  /** Present for the pca-mtls/v1 format. */
  secret?: IdentitySecret;
}

const SERIAL_PATTERN = /^[0-9a-f]+$/;
const REQUIRED_TEXT_FIELDS = [
  'identity',
  'certificate',
  'certificateChain',
  'privateKey',
  'passphrase',
  'serial',
  'notBefore',
  'notAfter',
  'keyAlgorithm',
  'exportedAt',
] as const;
const DATE_FIELDS = ['notBefore', 'notAfter', 'exportedAt'] as const;

function requireText(obj: Record<string, unknown>, field: string, secretId: string): string {
  const value = obj[field];
  if (value === undefined || value === null) throw new SecretSchemaError(secretId, field, 'is missing');
  if (typeof value !== 'string' || value.length === 0)
    throw new SecretSchemaError(secretId, field, 'must be a non-empty string');
  return value;
}

/** Validates a parsed `pca-mtls/v1` object; errors name the field, never its value (except harmless ones). */
export function validateIdentitySecret(obj: Record<string, unknown>, secretId: string): IdentitySecret {
  if (obj.schema !== IDENTITY_SCHEMA) {
    throw new SecretSchemaError(secretId, 'schema', `must be '${IDENTITY_SCHEMA}'`);
  }
  for (const field of REQUIRED_TEXT_FIELDS) requireText(obj, field, secretId);
  const source = obj.source;
  if (!CERTIFICATE_SOURCES.includes(source as CertificateSource)) {
    throw new SecretSchemaError(secretId, 'source', `must be one of ${CERTIFICATE_SOURCES.join(', ')}`);
  }
  if (source === 'acm') requireText(obj, 'certificateArn', secretId);
  if (source === 'pca') requireText(obj, 'caArn', secretId);
  if (!SERIAL_PATTERN.test(obj.serial as string)) {
    throw new SecretSchemaError(secretId, 'serial', 'must be lowercase hex without separators');
  }
  for (const field of DATE_FIELDS) {
    if (Number.isNaN(Date.parse(obj[field] as string)))
      throw new SecretSchemaError(secretId, field, 'must be an ISO 8601 date-time');
  }
  if (!(obj.certificate as string).includes('-----BEGIN CERTIFICATE-----')) {
    throw new SecretSchemaError(secretId, 'certificate', 'must be a PEM certificate');
  }
  if (!(obj.privateKey as string).includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    throw new SecretSchemaError(
      secretId,
      'privateKey',
      'must be an encrypted PKCS#8 PEM key (BEGIN ENCRYPTED PRIVATE KEY)',
    );
  }
  return obj as unknown as IdentitySecret;
}

export function parseIdentitySecret(text: string, secretId: string): IdentitySecret {
  return validateIdentitySecret(parseJsonObject(text, secretId), secretId);
}

/** Reads either format; the result says which, and which passphrases to try. */
export function readIdentityMaterial(text: string, secretId: string): IdentityMaterial {
  const obj = parseJsonObject(text, secretId);
  if (obj.schema !== undefined) {
    const secret = validateIdentitySecret(obj, secretId);
    return {
      format: IDENTITY_SCHEMA,
      certificate: secret.certificate,
      certificateChain: secret.certificateChain,
      privateKey: secret.privateKey,
      passphrases: [secret.passphrase],
      secret,
    };
  }
  if ('GatewayCertificate' in obj || 'GatewayPrivateKey' in obj) {
    const legacy = {
      GatewayCertificate: requireText(obj, 'GatewayCertificate', secretId),
      GatewayCertificateChain: requireText(obj, 'GatewayCertificateChain', secretId),
      GatewayPrivateKey: requireText(obj, 'GatewayPrivateKey', secretId),
      Passphrase: requireText(obj, 'Passphrase', secretId),
    } satisfies LegacyGatewaySecret;
    return {
      format: 'legacy-app-mesh-sample',
      certificate: legacy.GatewayCertificate,
      certificateChain: legacy.GatewayCertificateChain,
      privateKey: legacy.GatewayPrivateKey,
      // The sample exported with base64(passphrase); a hand-made secret may not have.
      passphrases: [Buffer.from(legacy.Passphrase).toString('base64'), legacy.Passphrase],
    };
  }
  throw new SecretSchemaError(
    secretId,
    'schema',
    `is missing; expected '${IDENTITY_SCHEMA}' or the App Mesh sample's Gateway* fields`,
  );
}

/** Stable member order, so the same material always serializes to the same text. */
export function serializeIdentitySecret(secret: IdentitySecret): string {
  const ordered: IdentitySecret = {
    schema: IDENTITY_SCHEMA,
    identity: secret.identity,
    source: secret.source,
    ...(secret.certificateArn ? { certificateArn: secret.certificateArn } : {}),
    ...(secret.caArn ? { caArn: secret.caArn } : {}),
    certificate: secret.certificate,
    certificateChain: secret.certificateChain,
    privateKey: secret.privateKey,
    passphrase: secret.passphrase,
    serial: secret.serial,
    notBefore: secret.notBefore,
    notAfter: secret.notAfter,
    keyAlgorithm: secret.keyAlgorithm,
    exportedAt: secret.exportedAt,
  };
  return JSON.stringify(ordered);
}
