import { SecretSchemaError } from './errors.ts';
import { parseJsonObject } from './json-object.ts';

export const TRUST_SCHEMA = 'pca-mtls-trust/v1';

export interface TrustedCa {
  arn: string;
  certificate: string;
}

/** Every CA peers must trust; several roots at once during a CA rotation. */
export interface TrustBundleSecret {
  schema: typeof TRUST_SCHEMA;
  cas: TrustedCa[];
  updatedAt: string;
}

export function parseTrustBundleSecret(text: string, secretId: string): TrustBundleSecret {
  const obj = parseJsonObject(text, secretId);
  if (obj.schema !== TRUST_SCHEMA) throw new SecretSchemaError(secretId, 'schema', `must be '${TRUST_SCHEMA}'`);
  if (!Array.isArray(obj.cas)) throw new SecretSchemaError(secretId, 'cas', 'must be a list');
  obj.cas.forEach((ca: unknown, i: number) => {
    const entry = ca as Record<string, unknown> | null;
    if (!entry || typeof entry.arn !== 'string' || !entry.arn)
      throw new SecretSchemaError(secretId, `cas[${i}].arn`, 'must be a non-empty string');
    if (typeof entry.certificate !== 'string' || !entry.certificate.includes('-----BEGIN CERTIFICATE-----')) {
      throw new SecretSchemaError(secretId, `cas[${i}].certificate`, 'must be a PEM certificate');
    }
  });
  if (typeof obj.updatedAt !== 'string' || Number.isNaN(Date.parse(obj.updatedAt))) {
    throw new SecretSchemaError(secretId, 'updatedAt', 'must be an ISO 8601 date-time');
  }
  return obj as unknown as TrustBundleSecret;
}

export function serializeTrustBundleSecret(bundle: TrustBundleSecret): string {
  return JSON.stringify({
    schema: TRUST_SCHEMA,
    cas: bundle.cas.map(({ arn, certificate }) => ({ arn, certificate })),
    updatedAt: bundle.updatedAt,
  });
}

/** All trusted CA certificates as one PEM bundle (what Envoy's `trusted_ca` reads). */
export function trustBundlePem(bundle: TrustBundleSecret): string {
  return bundle.cas.map((ca) => (ca.certificate.endsWith('\n') ? ca.certificate : `${ca.certificate}\n`)).join('');
}
