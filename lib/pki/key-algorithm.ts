import type { KeyObject } from 'node:crypto';
import { PkiError } from './errors.ts';

/** Key algorithms pca-mtls serves, named as ACM and Private CA name them. */
export type KeyAlgorithmName = 'EC_prime256v1' | 'EC_secp384r1' | 'EC_secp521r1' | 'RSA_2048' | 'RSA_3072' | 'RSA_4096';

const EC_CURVES: Record<string, KeyAlgorithmName> = {
  prime256v1: 'EC_prime256v1',
  secp384r1: 'EC_secp384r1',
  secp521r1: 'EC_secp521r1',
};
const RSA_SIZES: Record<number, KeyAlgorithmName> = { 2048: 'RSA_2048', 3072: 'RSA_3072', 4096: 'RSA_4096' };

/**
 * The ACM/Private CA name of a key's algorithm. RSA below 2048 bits (ACM can
 * still issue RSA_1024) and key types Envoy's TLS stack does not serve from
 * SDS (Ed25519, RSA-PSS keys, other curves) are rejected rather than passed on.
 *
 * @example keyAlgorithmOf(key) // 'EC_prime256v1'
 * @throws PkiError KEY_UNSUPPORTED
 */
export function keyAlgorithmOf(key: KeyObject): KeyAlgorithmName {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'ec') {
    const name = EC_CURVES[details.namedCurve ?? ''];
    if (name) return name;
    throw new PkiError(
      'KEY_UNSUPPORTED',
      `EC key on curve ${details.namedCurve ?? 'unknown'} is not supported; use EC_prime256v1 or EC_secp384r1`,
    );
  }
  if (type === 'rsa') {
    const name = RSA_SIZES[details.modulusLength ?? 0];
    if (name) return name;
    throw new PkiError(
      'KEY_UNSUPPORTED',
      `RSA key of ${details.modulusLength ?? 'unknown'} bits is not supported; use RSA_2048 or larger (2048, 3072, 4096)`,
    );
  }
  throw new PkiError(
    'KEY_UNSUPPORTED',
    `${type ?? 'unknown'} keys are not supported; use EC_prime256v1, EC_secp384r1 or RSA_2048`,
  );
}
