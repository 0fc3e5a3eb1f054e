import { createPrivateKey, type KeyObject } from 'node:crypto';
import { PkiError } from './errors.ts';
import { assertAffordableKeyDerivation } from './pbes2-parameters.ts';
import { readPemBlocks } from './pem.ts';

/** The PKCS#8 encryption Envoy's BoringSSL reads: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC. */
export const KEY_CIPHER = 'aes-256-cbc';

const PRIVATE_KEY_LABELS = ['ENCRYPTED PRIVATE KEY', 'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'];

export interface DecryptOptions {
  /**
   * Reject an unencrypted key (KEY_NOT_ENCRYPTED). The identity secret's
   * contract is an encrypted PKCS#8 key, so `verifyIdentityMaterial` sets this.
   */
  requireEncrypted?: boolean;
}

/**
 * Reads a private key: PKCS#8 `ENCRYPTED PRIVATE KEY` (what ACM
 * `ExportCertificate` and `encryptPrivateKey` produce) decrypted with
 * `passphrase`; unencrypted `PRIVATE KEY` (and legacy `RSA`/`EC PRIVATE KEY`,
 * plain or with `Proc-Type: 4,ENCRYPTED`) unless `requireEncrypted`.
 *
 * Node's decryption error is not passed on as `cause`: a neutral error with
 * only OpenSSL's error code stands in for it, so no error derived from the key
 * or the passphrase leaves this function.
 *
 * @example
 * const key = decryptPrivateKey(secret.privateKey, secret.passphrase, { requireEncrypted: true });
 * @throws PkiError PEM_MALFORMED, KEY_NOT_ENCRYPTED, KEY_UNSUPPORTED (a key derivation other than
 *   PBKDF2 or above MAX_PBKDF2_ITERATIONS, checked before any decryption work), KEY_DECRYPT_FAILED
 */
export function decryptPrivateKey(
  pem: string,
  passphrase: string | Buffer | undefined,
  options: DecryptOptions = {},
): KeyObject {
  const blocks = readPemBlocks(pem);
  const keys = blocks.filter((block) => PRIVATE_KEY_LABELS.includes(block.label));
  if (keys.length === 0) {
    const found = blocks.length > 0 ? ` (found only ${[...new Set(blocks.map((b) => b.label))].join(', ')})` : '';
    throw new PkiError(
      'PEM_MALFORMED',
      `no private key PEM block${found}; expected -----BEGIN ENCRYPTED PRIVATE KEY-----`,
    );
  }
  const [block] = keys;
  if (block === undefined || keys.length > 1) {
    throw new PkiError('PEM_MALFORMED', `expected one private key PEM block, found ${keys.length}`);
  }
  const encrypted =
    block.label === 'ENCRYPTED PRIVATE KEY' || block.headers.some((h) => /^Proc-Type:\s*4,\s*ENCRYPTED$/i.test(h));

  if (!encrypted) {
    if (options.requireEncrypted) {
      throw new PkiError(
        'KEY_NOT_ENCRYPTED',
        `the private key is stored unencrypted (${block.label}); the secret must hold an encrypted PKCS#8 key (ENCRYPTED PRIVATE KEY) and its passphrase — re-export the identity`,
      );
    }
    try {
      return createPrivateKey({ key: block.pem, format: 'pem' });
    } catch (err) {
      throw new PkiError('PEM_MALFORMED', `the ${block.label} PEM block does not parse as a private key`, {
        cause: neutralCause(err),
      });
    }
  }

  if (passphrase === undefined || passphrase.length === 0) {
    throw new PkiError(
      'KEY_DECRYPT_FAILED',
      'the private key is encrypted but no passphrase was given; the secret must hold the passphrase it was exported with',
    );
  }
  // The PBKDF2 cost comes from the key itself: read it before handing the key to OpenSSL.
  if (block.label === 'ENCRYPTED PRIVATE KEY') assertAffordableKeyDerivation(block.der);
  try {
    return createPrivateKey({ key: block.pem, format: 'pem', passphrase });
  } catch (err) {
    throw new PkiError(
      'KEY_DECRYPT_FAILED',
      'the private key does not decrypt with the stored passphrase; the key and passphrase come from different exports or one is corrupted — re-export the identity',
      { cause: neutralCause(err) },
    );
  }
}

/**
 * Encrypts a private key as PKCS#8 PBES2 with PBKDF2-HMAC-SHA256 and
 * AES-256-CBC (`-----BEGIN ENCRYPTED PRIVATE KEY-----`), the form ACM exports
 * and Envoy's BoringSSL reads. With OpenSSL 3 (Node ≥ 17) Node's
 * `export({ cipher: 'aes-256-cbc' })` is exactly that; a test pins it.
 *
 * @throws TypeError when `key` is not a private KeyObject or the passphrase is empty (caller bugs)
 */
export function encryptPrivateKey(key: KeyObject, passphrase: string | Buffer): string {
  if (key?.type !== 'private') {
    throw new TypeError(`encryptPrivateKey needs a private KeyObject, got ${key?.type ?? typeof key}`);
  }
  if (passphrase === undefined || passphrase.length === 0) {
    throw new TypeError('encryptPrivateKey needs a non-empty passphrase');
  }
  return key.export({ type: 'pkcs8', format: 'pem', cipher: KEY_CIPHER, passphrase }) as string;
}

/** A stand-in for Node's error that keeps only OpenSSL's error code. */
function neutralCause(err: unknown): Error {
  const code = (err as { code?: unknown })?.code;
  const safeCode = typeof code === 'string' && /^ERR_[A-Z0-9_]{1,80}$/.test(code) ? code : 'unknown';
  return Object.assign(new Error(`crypto refused the key (${safeCode})`), { code: safeCode });
}
