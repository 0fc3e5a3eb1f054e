import { isKeyAlgorithm, KEY_ALGORITHMS, type KeyAlgorithm } from '../private-ca/signing-algorithm.ts';
import {
  ROLES,
  ROTATION_MODES,
  SECRET_ID_PREFIX,
  type CertificateSource,
  type Role,
  type RotationMode,
} from '../vocabulary.ts';
import { ExportRequestError } from './errors.ts';

/** What a request gets for what it leaves out; the CLI's flags and the PcaMtlsIdentity construct show the same. */
export const DEFAULT_SOURCE: CertificateSource = 'acm';
export const DEFAULT_KEY_ALGORITHM: KeyAlgorithm = 'EC_prime256v1';
export const DEFAULT_CERTIFICATE_ROLE: Role = 'both';
export const DEFAULT_ROTATION: RotationMode = 'hot';
export const MAX_VALIDITY_DAYS = 3650;

/** What to export, validated and frozen. */
export interface ExportRequest {
  readonly identity: string;
  readonly source: CertificateSource;
  /** Issue a new certificate from this CA (`acm` or `pca`). */
  readonly caArn?: string;
  /** Export this existing ACM certificate instead of requesting one (`acm` only). */
  readonly certificateArn?: string;
  readonly domain?: string;
  readonly sans: readonly string[];
  readonly keyAlgorithm: KeyAlgorithm;
  readonly role: Role;
  /** `pca` only; defaults depend on the CA's usage mode. */
  readonly validityDays?: number;
  readonly secretId: string;
  readonly ecsServices: readonly string[];
  readonly rotation: RotationMode;
  readonly kmsKeyId?: string;
  /**
   * The secret version's ClientRequestToken; one per identity and serial
   * (`versionTokenFor`) when omitted. Renewal passes one per predecessor
   * certificate, so overlapping re-issues of a `pca` identity write one version.
   */
  readonly versionToken?: string;
}

const IDENTITY_PATTERN = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;
const DNS_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const PCA_ARN_PATTERN = /^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[0-9a-f-]{36}$/;
const ACM_ARN_PATTERN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
const ECS_SERVICE_PATTERN = /^[A-Za-z0-9_-]{1,255}\/[A-Za-z0-9_-]{1,255}$/;
const SECRET_ID_PATTERN = /^[A-Za-z0-9/_+=.@:-]{1,2048}$/;

type Raw = Record<string, unknown>;

function text(raw: Raw, field: string, required: boolean): string | undefined {
  const value = raw[field];
  if (value === undefined || value === null || value === '') {
    if (required) throw new ExportRequestError(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') throw new ExportRequestError(field, 'must be a string');
  return value;
}

function oneOf<T extends string>(raw: Raw, field: string, allowed: readonly T[], fallback: T): T {
  const value = text(raw, field, false) ?? fallback;
  if (!allowed.includes(value as T))
    throw new ExportRequestError(field, `must be one of ${allowed.join(', ')}; got '${value}'`);
  return value as T;
}

function list(raw: Raw, field: string): string[] {
  const value = raw[field] ?? [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new ExportRequestError(field, 'must be a list of strings');
  return value as string[];
}

/**
 * Validates a raw request (direct invoke, custom resource properties or CLI
 * flags, all mapped to these names) into an `ExportRequest`.
 */
export function parseExportRequest(raw: Raw): ExportRequest {
  const identity = parseIdentity(raw);
  const source = oneOf(raw, 'source', ['acm', 'pca'] as const, DEFAULT_SOURCE);
  const { caArn, certificateArn } = parseOrigin(raw, source);
  const domain = text(raw, 'domain', !certificateArn);
  const sans = list(raw, 'sans');
  for (const name of [domain, ...sans]) {
    if (name !== undefined && (name.length > 253 || !DNS_PATTERN.test(name)))
      throw new ExportRequestError('domain', `'${name}' is not a DNS name`);
  }
  const keyAlgorithm = parseKeyAlgorithm(raw);
  const role = oneOf(raw, 'role', ROLES, DEFAULT_CERTIFICATE_ROLE);
  const rotation = oneOf(raw, 'rotation', ROTATION_MODES, DEFAULT_ROTATION);
  const validityDays = parseValidityDays(raw, source);
  const secretId = text(raw, 'secretId', false) ?? `${SECRET_ID_PREFIX}${identity}`;
  if (!SECRET_ID_PATTERN.test(secretId))
    throw new ExportRequestError('secretId', 'must be a Secrets Manager name or ARN');
  const ecsServices = parseEcsServices(raw);
  const kmsKeyId = text(raw, 'kmsKeyId', false);

  return Object.freeze({
    identity,
    source,
    caArn,
    certificateArn,
    domain,
    sans: Object.freeze([...new Set(sans)]),
    keyAlgorithm,
    role,
    validityDays,
    secretId,
    ecsServices: Object.freeze([...new Set(ecsServices)]),
    rotation,
    kmsKeyId,
  });
}

function parseIdentity(raw: Raw): string {
  const identity = text(raw, 'identity', true)!;
  if (!IDENTITY_PATTERN.test(identity)) {
    throw new ExportRequestError(
      'identity',
      'must be 1-64 lowercase letters, digits and inner hyphens (e.g. colorteller)',
    );
  }
  return identity;
}

/** Where the certificate comes from: a CA to issue from, or an existing ACM certificate — exactly one. */
function parseOrigin(raw: Raw, source: CertificateSource): { caArn?: string; certificateArn?: string } {
  const caArn = text(raw, 'caArn', false);
  const certificateArn = text(raw, 'certificateArn', false);
  if (caArn && !PCA_ARN_PATTERN.test(caArn)) {
    throw new ExportRequestError(
      'caArn',
      `is not a Private CA ARN (arn:aws:acm-pca:REGION:ACCOUNT:certificate-authority/UUID): '${caArn}'`,
    );
  }
  if (certificateArn && !ACM_ARN_PATTERN.test(certificateArn)) {
    throw new ExportRequestError(
      'certificateArn',
      `is not an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/UUID): '${certificateArn}'`,
    );
  }
  if (source === 'pca' && certificateArn)
    throw new ExportRequestError('certificateArn', "applies to source 'acm' only");
  if (!caArn && !certificateArn)
    throw new ExportRequestError('caArn', 'is required (or certificateArn, to export an existing ACM certificate)');
  if (caArn && certificateArn)
    throw new ExportRequestError(
      'certificateArn',
      'and caArn exclude each other: export an existing certificate or issue a new one',
    );
  return { caArn, certificateArn };
}

function parseKeyAlgorithm(raw: Raw): KeyAlgorithm {
  const keyAlgorithm = text(raw, 'keyAlgorithm', false) ?? DEFAULT_KEY_ALGORITHM;
  if (!isKeyAlgorithm(keyAlgorithm)) {
    throw new ExportRequestError('keyAlgorithm', `must be one of ${KEY_ALGORITHMS.join(', ')}; got '${keyAlgorithm}'`);
  }
  return keyAlgorithm;
}

function parseValidityDays(raw: Raw, source: CertificateSource): number | undefined {
  if (raw.validityDays === undefined || raw.validityDays === null || raw.validityDays === '') return undefined;
  const validityDays = Number(raw.validityDays);
  if (!Number.isInteger(validityDays) || validityDays < 1 || validityDays > MAX_VALIDITY_DAYS) {
    throw new ExportRequestError('validityDays', `must be a whole number of days from 1 to ${MAX_VALIDITY_DAYS}`);
  }
  if (source !== 'pca')
    throw new ExportRequestError(
      'validityDays',
      "applies to source 'pca' only (ACM private certificates are valid 395 days)",
    );
  return validityDays;
}

function parseEcsServices(raw: Raw): string[] {
  const ecsServices = list(raw, 'ecsServices');
  for (const service of ecsServices) {
    if (!ECS_SERVICE_PATTERN.test(service))
      throw new ExportRequestError('ecsServices', `entries are CLUSTER/SERVICE; got '${service}'`);
  }
  return ecsServices;
}
