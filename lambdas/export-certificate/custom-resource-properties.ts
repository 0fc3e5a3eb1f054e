/**
 * CloudFormation passes every property as a string (numbers and booleans too)
 * and in PascalCase; the export service takes camelCase values.
 */
export function exportRequestFromProperties(properties: Record<string, unknown>): Record<string, unknown> {
  const list = (value: unknown) =>
    Array.isArray(value)
      ? value
      : typeof value === 'string' && value
        ? value.split(/[\s,]+/).filter(Boolean)
        : undefined;
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

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === 'True';
}

/** `Kind: TrustBundle` manages the trust-bundle secret instead of an identity. */
export function isTrustBundleResource(properties: Record<string, unknown>): boolean {
  return properties.Kind === 'TrustBundle';
}

export function trustBundleCaArns(properties: Record<string, unknown> | undefined): string[] {
  const value = properties?.CaArns;
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value ? value.split(/[\s,]+/).filter(Boolean) : [];
}
