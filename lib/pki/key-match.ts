import type { KeyObject } from 'node:crypto';
import { certificateRef, describeCertificate, type ParsedCertificate } from './certificate.ts';
import { PkiError } from './errors.ts';

/**
 * Whether `key` is the private half of the certificate's public key
 * (OpenSSL's X509_check_private_key). Never throws: a key of another type
 * or curve simply does not match.
 */
export function keyMatchesCertificate(key: KeyObject, cert: ParsedCertificate): boolean {
  if (key?.type !== 'private') return false;
  try {
    return cert.x509.checkPrivateKey(key);
  } catch {
    return false;
  }
}

/**
 * @example assertKeyMatches(privateKey, leaf)
 * @throws PkiError KEY_MISMATCH
 */
export function assertKeyMatches(key: KeyObject, cert: ParsedCertificate): void {
  if (keyMatchesCertificate(key, cert)) return;
  const keyKind = key?.asymmetricKeyType ?? 'unknown';
  const certKind = cert.x509.publicKey.asymmetricKeyType ?? 'unknown';
  const kinds = keyKind === certKind ? '' : ` (the key is ${keyKind}, the certificate's key is ${certKind})`;
  throw new PkiError(
    'KEY_MISMATCH',
    `the private key does not belong to ${describeCertificate(cert)}${kinds}; the certificate and key come from different exports — re-export the identity`,
    { certificate: certificateRef(cert) },
  );
}
