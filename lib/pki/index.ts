/**
 * The PKI core every component verifies material with. Import from here:
 * `import { verifyIdentityMaterial, PkiError } from '../lib/pki/index.js'`.
 */
export { PkiError, PKI_ERROR_CODES, type PkiErrorCode, type CertificateRef } from './errors.js';
export { readPemBlocks, findPemBlocks, splitPemBundle, type PemBlock } from './pem.js';
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
} from './certificate.js';
export { decryptPrivateKey, encryptPrivateKey, KEY_CIPHER, type DecryptOptions } from './private-key.js';
export { MAX_PBKDF2_ITERATIONS } from './pbes2-parameters.js';
export { keyAlgorithmOf, type KeyAlgorithmName } from './key-algorithm.js';
export { keyMatchesCertificate, assertKeyMatches } from './key-match.js';
export {
  buildChain,
  MAX_CHAIN_DEPTH,
  MAX_CHAIN_CERTIFICATES,
  MAX_TRUST_ANCHORS,
  MAX_SIGNATURE_CHECKS,
  MAX_PATH_STEPS,
  type ChainLimits,
} from './chain.js';
export { checkValidity, DEFAULT_CLOCK_SKEW_MS } from './validity.js';
export { checkRoleEku, checkIssuerEku } from './extended-key-usage.js';
export { checkSans, dnsNameMatches, type SanExpectations } from './subject-alt-names.js';
export { verifyIdentityMaterial, type IdentityMaterial, type VerifiedMaterial } from './verify-material.js';
