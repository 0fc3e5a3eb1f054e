/**
 * The PKI core every component verifies material with. Import from here:
 * `import { verifyIdentityMaterial, PkiError } from '../lib/pki/index.js'`.
 */
export { PkiError, PKI_ERROR_CODES, type PkiErrorCode, type CertificateRef } from './errors.ts';
export { readPemBlocks, findPemBlocks, splitPemBundle, type PemBlock } from './pem.ts';
export {
  EKU,
  parseCertificate,
  parseCertificates,
  hasServerAuth,
  hasClientAuth,
  isSelfSigned,
  describeCertificate,
  certificateRef,
  type ParsedCertificate,
  type KeyUsageName,
} from './certificate.ts';
export { decryptPrivateKey, encryptPrivateKey, KEY_CIPHER, type DecryptOptions } from './private-key.ts';
export { MAX_PBKDF2_ITERATIONS } from './pbes2-parameters.ts';
export { keyAlgorithmOf, type KeyAlgorithmName } from './key-algorithm.ts';
export { keyMatchesCertificate, assertKeyMatches } from './key-match.ts';
export {
  buildChain,
  MAX_CHAIN_DEPTH,
  MAX_CHAIN_CERTIFICATES,
  MAX_TRUST_ANCHORS,
  MAX_SIGNATURE_CHECKS,
  MAX_PATH_STEPS,
  type ChainLimits,
} from './chain.ts';
export { checkValidity, DEFAULT_CLOCK_SKEW_MS } from './validity.ts';
export { checkRoleEku, checkIssuerEku } from './extended-key-usage.ts';
export { checkSans, dnsNameMatches, type SanExpectations } from './subject-alt-names.ts';
export { verifyIdentityMaterial, type IdentityMaterial, type VerifiedMaterial } from './verify-material.ts';
