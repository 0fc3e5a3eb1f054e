import type { KeyObject } from 'node:crypto';
import { isSelfSigned, parseCertificates, type ParsedCertificate } from './certificate.ts';
import { buildChain } from './chain.ts';
import { PkiError } from './errors.ts';
import { checkIssuerEku, checkRoleEku } from './extended-key-usage.ts';
import type { Role } from '../vocabulary.ts';
import { keyAlgorithmOf, type KeyAlgorithmName } from './key-algorithm.ts';
import { assertKeyMatches } from './key-match.ts';
import { findPemBlocks } from './pem.ts';
import { decryptPrivateKey } from './private-key.ts';
import { checkSans } from './subject-alt-names.ts';
import { DEFAULT_CLOCK_SKEW_MS, checkValidity } from './validity.ts';

export interface IdentityMaterial {
  /** The leaf PEM (ACM's `Certificate`). Extra certificates after the leaf are used as chain candidates. */
  certificatePem: string;
  /** The issuing chain without the leaf (ACM's `CertificateChain`); may be empty when a trust bundle is given. */
  chainPem: string;
  /** Encrypted PKCS#8 PEM. */
  encryptedKeyPem: string;
  passphrase: string | Buffer;
  /**
   * CA certificates the peers trust. When absent, the chain is verified to its
   * own root — the last self-signed certificate in `chainPem` — which proves
   * the material is consistent, not that anyone trusts it.
   */
  trustBundlePem?: string;
  role: Role;
  now: Date;
  /** DNS names the leaf must cover. */
  expectedDns?: readonly string[];
  skewMs?: number;
  /** Accept an unencrypted private key (the secret contract requires an encrypted one). Default false. */
  allowUnencryptedKey?: boolean;
}

export interface VerifiedMaterial {
  leaf: ParsedCertificate;
  /** The verified path above the leaf, ending with the trust anchor. */
  chain: ParsedCertificate[];
  privateKey: KeyObject;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  keyAlgorithm: KeyAlgorithmName;
}

/**
 * Everything the agent and the exporter check before material is used:
 *
 * 1. the PEM of certificate, chain and trust bundle parses (PEM_MALFORMED, CERT_MALFORMED, TRUST_EMPTY);
 * 2. the key decrypts with the passphrase (KEY_DECRYPT_FAILED, KEY_NOT_ENCRYPTED) and is a served type (KEY_UNSUPPORTED);
 * 3. the key belongs to the leaf (KEY_MISMATCH);
 * 4. the leaf chains to a trust anchor (CHAIN_*);
 * 5. every certificate on that path is within its validity period (NOT_YET_VALID, EXPIRED), leaf first;
 * 6. the EKUs allow the role, on the leaf and along the path (EKU_MISSING);
 * 7. the leaf has SANs covering `expectedDns` (SAN_MISSING, SAN_MISMATCH).
 *
 * The order puts identity before time before policy: material that is not
 * one consistent, trusted set (a key from another export, a CA the peers do
 * not trust) is the problem to fix first — renewing it would not help —
 * while expiry is only meaningful for a certificate that is otherwise ours.
 *
 * @example
 * const material = verifyIdentityMaterial({
 *   certificatePem: secret.certificate, chainPem: secret.certificateChain,
 *   encryptedKeyPem: secret.privateKey, passphrase: secret.passphrase,
 *   trustBundlePem, role: 'both', now: new Date(), expectedDns: ['colorteller.local'],
 * });
 * @throws PkiError with one of the codes above
 */
export function verifyIdentityMaterial(input: IdentityMaterial): VerifiedMaterial {
  const [leaf, ...extras] = parseCertificates(input.certificatePem);
  // parseCertificates already throws this for a bundle without certificates; the check narrows `leaf`.
  if (!leaf) throw new PkiError('PEM_MALFORMED', 'no -----BEGIN CERTIFICATE----- block found');
  const chain = findPemBlocks(input.chainPem ?? '').length > 0 ? parseCertificates(input.chainPem) : [];
  const anchors = trustAnchorsFor(input.trustBundlePem, chain);

  const privateKey = decryptPrivateKey(input.encryptedKeyPem, input.passphrase, {
    requireEncrypted: !input.allowUnencryptedKey,
  });
  const keyAlgorithm = keyAlgorithmOf(privateKey);
  assertKeyMatches(privateKey, leaf);

  const path = buildChain(leaf, [...extras, ...chain], anchors);
  for (const cert of path) checkValidity(cert, input.now, input.skewMs ?? DEFAULT_CLOCK_SKEW_MS);

  checkRoleEku(leaf, input.role);
  for (const ca of path.slice(1)) checkIssuerEku(ca, input.role);
  checkSans(leaf, { required: true, expectedDns: input.expectedDns ?? [] });

  return {
    leaf: leaf,
    chain: path.slice(1),
    privateKey,
    serial: leaf.serial,
    notBefore: leaf.notBefore,
    notAfter: leaf.notAfter,
    keyAlgorithm,
  };
}

function trustAnchorsFor(trustBundlePem: string | undefined, chain: ParsedCertificate[]): ParsedCertificate[] {
  if (trustBundlePem !== undefined) {
    if (findPemBlocks(trustBundlePem).length === 0) {
      throw new PkiError(
        'TRUST_EMPTY',
        'the trust bundle holds no CA certificate; add the CA certificates peers must trust to the trust-bundle secret',
      );
    }
    return parseCertificates(trustBundlePem);
  }
  const root = chain.filter(isSelfSigned).at(-1);
  if (!root) {
    throw new PkiError(
      'TRUST_EMPTY',
      'no trust bundle was given and the certificate chain has no self-signed root to verify against; pass the trust bundle',
    );
  }
  return [root];
}
