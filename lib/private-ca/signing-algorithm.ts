import type { SigningAlgorithm } from '@aws-sdk/client-acm-pca';

/** Private CA key algorithms pca-mtls supports (those Envoy's BoringSSL serves everywhere). */
export const KEY_ALGORITHMS = ['EC_prime256v1', 'EC_secp384r1', 'RSA_2048'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

const SIGNING_ALGORITHM: Record<KeyAlgorithm, SigningAlgorithm> = {
  EC_prime256v1: 'SHA256WITHECDSA',
  EC_secp384r1: 'SHA384WITHECDSA',
  RSA_2048: 'SHA256WITHRSA',
};

/** The signing algorithm Private CA accepts for a CA key (the family must match). */
export function signingAlgorithmFor(keyAlgorithm: KeyAlgorithm): SigningAlgorithm {
  return SIGNING_ALGORITHM[keyAlgorithm];
}

export function isKeyAlgorithm(value: string): value is KeyAlgorithm {
  return (KEY_ALGORITHMS as readonly string[]).includes(value);
}
