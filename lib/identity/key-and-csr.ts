import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { KeyAlgorithm } from '../private-ca/signing-algorithm.ts';
import { webcrypto, x509 } from '../x509.ts';

type KeyParameters = (webcrypto.EcKeyGenParams & webcrypto.EcdsaParams) | webcrypto.RsaHashedKeyGenParams;

const KEY_PARAMETERS: Record<KeyAlgorithm, KeyParameters> = {
  EC_prime256v1: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
  EC_secp384r1: { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' },
  RSA_2048: {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
  },
};

export interface KeyAndCsr {
  /** Lives in memory only; it leaves the process encrypted. */
  privateKey: KeyObject;
  csrPem: string;
}

/**
 * Generates a key pair in memory and a CSR for it with the domain as CN and
 * every name as a DNS SAN (Private CA copies the SANs into the certificate).
 */
export async function generateKeyAndCsr(
  keyAlgorithm: KeyAlgorithm,
  domain: string,
  sans: readonly string[],
): Promise<KeyAndCsr> {
  const algorithm = KEY_PARAMETERS[keyAlgorithm];
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const names = [...new Set([domain, ...sans])];
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [domain] }],
    keys,
    signingAlgorithm: algorithm,
    extensions: [new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns' as const, value })))],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }), csrPem: csr.toString('pem') };
}
