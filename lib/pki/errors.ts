import { PcaMtlsError } from '../errors.ts';

/**
 * Every reason `lib/pki` rejects material. Scripts and the agent match on
 * these; the message says what to do about it.
 */
export const PKI_ERROR_CODES = [
  /** Not PEM, a broken block (BEGIN without END, bad base64), or no block of the expected kind. */
  'PEM_MALFORMED',
  /** A PEM block that is not a parseable X.509 certificate. */
  'CERT_MALFORMED',
  /** An encrypted private key that does not decrypt (wrong or missing passphrase, corrupted key). */
  'KEY_DECRYPT_FAILED',
  /** An unencrypted private key where the contract requires an encrypted one. */
  'KEY_NOT_ENCRYPTED',
  /** A key type or size pca-mtls does not serve (e.g. RSA below 2048 bits, Ed25519). */
  'KEY_UNSUPPORTED',
  /** The private key does not belong to the certificate. */
  'KEY_MISMATCH',
  /** No certificate in the chain or trust bundle carries the issuer's name. */
  'CHAIN_INCOMPLETE',
  /** The chain reaches a self-signed root that is not a trust anchor. */
  'CHAIN_UNTRUSTED',
  /** A certificate with the issuer's name exists but its key did not sign the certificate. */
  'CHAIN_SIGNATURE',
  /** An issuer that is not a CA (basicConstraints) or may not sign certificates (keyUsage). */
  'CHAIN_ISSUER_NOT_CA',
  /** An issuer's pathLenConstraint forbids the intermediates below it. */
  'CHAIN_PATH_LENGTH',
  /** More certificates above the leaf than MAX_CHAIN_DEPTH. */
  'CHAIN_TOO_LONG',
  /** Too many certificates, or too much work, to build a chain from (a pool of lookalike CAs): refused, not searched. */
  'CHAIN_TOO_COMPLEX',
  /** No trust anchor to verify against. */
  'TRUST_EMPTY',
  'NOT_YET_VALID',
  'EXPIRED',
  /** The certificate's extended key usage does not allow the role. */
  'EKU_MISSING',
  /** The certificate has no subject alternative name. */
  'SAN_MISSING',
  /** An expected DNS name is not among the certificate's subject alternative names. */
  'SAN_MISMATCH',
] as const;

export type PkiErrorCode = (typeof PKI_ERROR_CODES)[number];

/** The certificate an error is about, as callers log it (never key material). */
export interface CertificateRef {
  subject: string;
  serial: string;
}

/**
 * A rejection by `lib/pki`. Messages name the certificate by subject and
 * serial and never contain a private key, a passphrase, or PEM body lines;
 * `cause` is held to the same rule (Node's decryption errors are replaced by
 * neutral ones, see private-key.ts).
 *
 * @example
 * try { verifyIdentityMaterial(input) } catch (err) {
 *   if (err instanceof PkiError && err.code === 'EXPIRED') renew(err.certificate?.serial);
 * }
 */
export class PkiError extends PcaMtlsError {
  override name = 'PkiError';
  declare readonly code: PkiErrorCode;
  declare readonly certificate?: CertificateRef;

  constructor(code: PkiErrorCode, message: string, options: { cause?: unknown; certificate?: CertificateRef } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.certificate)
      (this as { certificate?: CertificateRef }).certificate = {
        subject: options.certificate.subject,
        serial: options.certificate.serial,
      };
  }
}
