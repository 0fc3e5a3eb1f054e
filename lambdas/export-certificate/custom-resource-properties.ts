// CloudFormation passes every property as a string (numbers and booleans too)
// and in PascalCase; these adapters turn a custom resource's properties into
// the typed requests of lib/.
import type { DeleteIdentitySecretRequest } from '../../lib/identity/delete-identity-secret.ts';
import type { TrustBundleSync } from '../../lib/trust/sync-trust-bundle.ts';
import { DEFAULT_TRUST_SECRET_ID } from '../../lib/vocabulary.ts';

/** The raw export request (camelCase) `parseExportRequest` validates. */
export function exportRequestFromProperties(properties: Record<string, unknown>): Record<string, unknown> {
  return {
    identity: properties.Identity,
    source: properties.Source,
    caArn: properties.CaArn,
    certificateArn: properties.CertificateArn,
    domain: properties.Domain,
    sans: list(properties.SubjectAlternativeNames),
    keyAlgorithm: properties.KeyAlgorithm,
    role: properties.Role,
    validityDays: properties.ValidityDays,
    secretId: properties.SecretId,
    ecsServices: list(properties.EcsServices),
    rotation: properties.Rotation,
    kmsKeyId: properties.KmsKeyId,
  };
}

/** What a Delete with `DeleteSecretOnDelete` may remove: the secret of this resource's `Identity`, under its `SecretId`. */
export function deleteRequestFromProperties(
  secretArn: string,
  properties: Record<string, unknown>,
): DeleteIdentitySecretRequest {
  return {
    secretArn,
    identity: typeof properties.Identity === 'string' ? properties.Identity : '',
    secretId: nonEmptyString(properties.SecretId),
  };
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === 'True';
}

/** `Kind: TrustBundle` manages the trust-bundle secret instead of an identity. */
export function isTrustBundleResource(properties: Record<string, unknown>): boolean {
  return properties.Kind === 'TrustBundle';
}

export function trustSecretIdOf(properties: Record<string, unknown>): string {
  return nonEmptyString(properties.SecretId) ?? DEFAULT_TRUST_SECRET_ID;
}

export function trustBundleCaArns(properties: Record<string, unknown> | undefined): string[] {
  const value = properties?.CaArns;
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value ? value.split(/[\s,]+/).filter(Boolean) : [];
}

/** A Create or Update of the trust bundle: the CAs it declares now and the ones it declared before. */
export function trustBundleSyncFromProperties(
  properties: Record<string, unknown>,
  oldProperties: Record<string, unknown> | undefined,
): TrustBundleSync {
  const caArns = trustBundleCaArns(properties);
  if (caArns.length === 0) throw new Error('CaArns must list at least one Private CA ARN');
  return { secretId: trustSecretIdOf(properties), caArns, previousCaArns: trustBundleCaArns(oldProperties) };
}

/** A list property: a JSON array, or one string separated by commas or whitespace. */
function list(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  return typeof value === 'string' && value ? value.split(/[\s,]+/).filter(Boolean) : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
