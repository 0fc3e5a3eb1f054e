/**
 * Key pairs and signing algorithms: generation with Node's crypto, and the
 * WebCrypto parameters @peculiar/x509 signs with.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  type webcrypto as WebCrypto,
} from 'node:crypto';
import { webcrypto, x509 } from './x509.ts';

export type KeyFamily = 'RSA' | 'EC';

interface KeySpec {
  family: KeyFamily;
  /** `rsa` modulus length or `ec` named curve. */
  modulusLength?: number;
  namedCurve?: 'P-256' | 'P-384';
}

/** Key algorithms this emulator can generate (ACM and Private CA spell them alike). */
export const KEY_SPECS: Record<string, KeySpec> = {
  RSA_2048: { family: 'RSA', modulusLength: 2048 },
  RSA_4096: { family: 'RSA', modulusLength: 4096 },
  EC_prime256v1: { family: 'EC', namedCurve: 'P-256' },
  EC_secp384r1: { family: 'EC', namedCurve: 'P-384' },
};

const HASH_OF: Record<string, string> = {
  SHA256WITHECDSA: 'SHA-256',
  SHA384WITHECDSA: 'SHA-384',
  SHA512WITHECDSA: 'SHA-512',
  SHA256WITHRSA: 'SHA-256',
  SHA384WITHRSA: 'SHA-384',
  SHA512WITHRSA: 'SHA-512',
};

export function signingAlgorithmFamily(signingAlgorithm: string): KeyFamily | undefined {
  if (!(signingAlgorithm in HASH_OF)) return undefined;
  return signingAlgorithm.endsWith('ECDSA') ? 'EC' : 'RSA';
}

export function keyAlgorithmFamily(keyAlgorithm: string): KeyFamily | undefined {
  return KEY_SPECS[keyAlgorithm]?.family;
}

/** Generates a key pair; returns its PKCS#8 PEM (unencrypted: it lives in the 0600 state file). */
export function generatePrivateKeyPem(keyAlgorithm: string): string {
  const spec = KEY_SPECS[keyAlgorithm];
  if (!spec) throw new Error(`no key spec for ${keyAlgorithm}`);
  const { privateKey } =
    spec.family === 'RSA'
      ? generateKeyPairSync('rsa', { modulusLength: spec.modulusLength! })
      : generateKeyPairSync('ec', { namedCurve: spec.namedCurve! });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

export function familyOfKey(key: KeyObject): KeyFamily | undefined {
  if (key.asymmetricKeyType === 'rsa') return 'RSA';
  if (key.asymmetricKeyType === 'ec') return 'EC';
  return undefined;
}

/** The SubjectPublicKeyInfo (DER) of a private key, for comparisons and certificates. */
export function publicKeyDerOf(privateKeyPem: string): Buffer {
  return createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'der' });
}

/** WebCrypto algorithm parameters for signing with `signingAlgorithm`. */
export function signatureParams(signingAlgorithm: string): WebCrypto.EcdsaParams | WebCrypto.Algorithm {
  const hash = HASH_OF[signingAlgorithm];
  return signingAlgorithmFamily(signingAlgorithm) === 'EC'
    ? { name: 'ECDSA', hash }
    : { name: 'RSASSA-PKCS1-v1_5', hash };
}

/**
 * Imports a PKCS#8 PEM key as a WebCrypto signing key for `signingAlgorithm`
 * (RSA keys carry their hash in WebCrypto, so the import depends on it).
 */
export async function importSigningKey(privateKeyPem: string, signingAlgorithm: string): Promise<WebCrypto.CryptoKey> {
  const key = createPrivateKey(privateKeyPem);
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const hash = HASH_OF[signingAlgorithm];
  const algorithm =
    familyOfKey(key) === 'EC' ? { name: 'ECDSA', namedCurve: ecCurveName(key) } : { name: 'RSASSA-PKCS1-v1_5', hash };
  return await webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
}

/** A WebCrypto key pair (for CSRs) from a PKCS#8 PEM key. */
export async function importKeyPair(privateKeyPem: string, signingAlgorithm: string): Promise<WebCrypto.CryptoKeyPair> {
  const privateKey = await importSigningKey(privateKeyPem, signingAlgorithm);
  const key = createPrivateKey(privateKeyPem);
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const algorithm =
    familyOfKey(key) === 'EC'
      ? { name: 'ECDSA', namedCurve: ecCurveName(key) }
      : { name: 'RSASSA-PKCS1-v1_5', hash: HASH_OF[signingAlgorithm] };
  const publicKey = await webcrypto.subtle.importKey('spki', spki, algorithm, true, ['verify']);
  return { privateKey, publicKey };
}

function ecCurveName(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === 'prime256v1' || curve === 'P-256') return 'P-256';
  if (curve === 'secp384r1' || curve === 'P-384') return 'P-384';
  if (curve === 'secp521r1' || curve === 'P-521') return 'P-521';
  throw new Error(`unsupported EC curve ${curve}`);
}

/** ACM and Private CA name a certificate's key like this (e.g. `EC_prime256v1`). */
export function keyAlgorithmOfPublicKey(publicKey: x509.PublicKey): string | undefined {
  const key = createPublicKey({ key: Buffer.from(publicKey.rawData), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType === 'rsa') return `RSA_${key.asymmetricKeyDetails?.modulusLength}`;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === 'prime256v1') return 'EC_prime256v1';
  if (curve === 'secp384r1') return 'EC_secp384r1';
  if (curve === 'secp521r1') return 'EC_secp521r1';
  return undefined;
}
