import { verifyIdentityMaterial, type VerifiedMaterial } from '../pki/index.ts';
import { IDENTITY_SCHEMA, type IdentitySecret } from '../secret-schema/identity-secret.ts';
import { normalizeSerial } from '../serial.ts';
import type { ExportRequest } from './export-request.ts';
import type { ExportedMaterial } from './exported-material.ts';

export interface VerifiedIdentitySecret {
  secret: IdentitySecret;
  verified: VerifiedMaterial;
}

/**
 * Checks material from either source in memory (key decrypts and matches,
 * chain builds, EKU fits the role, the requested names are present) and
 * shapes it as the `pca-mtls/v1` secret value. Throws, and so stops the
 * export before anything is written, when any check fails.
 */
export function verifiedIdentitySecret(
  request: ExportRequest,
  material: ExportedMaterial,
  now: () => Date,
): VerifiedIdentitySecret {
  const verified = verifyIdentityMaterial({
    certificatePem: material.certificatePem,
    chainPem: material.chainPem,
    encryptedKeyPem: material.encryptedKeyPem,
    passphrase: material.passphrase,
    role: request.role,
    now: now(),
    expectedDns: request.domain ? [request.domain, ...request.sans] : undefined,
  });
  const secret: IdentitySecret = {
    schema: IDENTITY_SCHEMA,
    identity: request.identity,
    source: request.source,
    ...(request.source === 'acm' ? { certificateArn: material.certificateArn } : { caArn: material.caArn }),
    certificate: material.certificatePem,
    certificateChain: material.chainPem,
    privateKey: material.encryptedKeyPem,
    passphrase: material.passphrase,
    serial: normalizeSerial(verified.serial),
    notBefore: verified.notBefore.toISOString(),
    notAfter: verified.notAfter.toISOString(),
    keyAlgorithm: verified.keyAlgorithm,
    exportedAt: now().toISOString(),
  };
  return { secret, verified };
}
