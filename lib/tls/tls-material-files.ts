/**
 * Reads one consistent set of TLS files from the agent's output directory
 * (docs/architecture.md, "Agent output directory"): `<out-dir>/current` is a
 * symlink to a versioned directory holding `cert-chain.pem` (leaf then
 * chain), `key.pem` and `trust-bundle.pem`. The link is resolved first and all three files are
 * read from the resolved directory, so a swap in the middle can never pair one
 * version's certificate with another version's key.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { createSecureContext as tlsSecureContext, type SecureContextOptions } from 'node:tls';
import { PcaMtlsError } from '../errors.ts';
import { CURRENT_LINK, MATERIAL_FILES } from '../out-dir-layout.ts';
import {
  keyMatchesCertificate,
  parseCertificate,
  PkiError,
  splitPemBundle,
  type ParsedCertificate,
} from '../pki/index.ts';

const { certChain: CERT_CHAIN_FILE, key: KEY_FILE, trustBundle: TRUST_BUNDLE_FILE } = MATERIAL_FILES;
/** A swap may remove the directory we just resolved; resolve again this many times. */
const MAX_RESOLVE_ATTEMPTS = 3;

export const TLS_MATERIAL_ERROR_CODES = [
  /** No `current` link, or a file missing in the directory it points to. */
  'TLS_MATERIAL_MISSING',
  /** A file that is not what it should be (no certificate, unreadable key, empty trust bundle). */
  'TLS_MATERIAL_INVALID',
  /** The key does not belong to the leaf certificate. */
  'TLS_KEY_MISMATCH',
] as const;
export type TlsMaterialErrorCode = (typeof TLS_MATERIAL_ERROR_CODES)[number];

/** The files could not be used. Messages name files and certificates, never key material. */
export class TlsMaterialError extends PcaMtlsError {
  override name = 'TlsMaterialError';
  constructor(code: TlsMaterialErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** What a TLS server or client needs, plus what may be logged about it. */
export interface TlsMaterial {
  /** The resolved versioned directory the files came from. */
  readonly directory: string;
  /** Leaf then chain, PEM. */
  readonly certChainPem: string;
  /** The decrypted private key, PEM. Never log it. */
  readonly keyPem: string;
  /** The CA certificates peers are verified against, PEM. */
  readonly trustBundlePem: string;
  /** Safe to log: who the leaf is and when it expires. */
  readonly leaf: Readonly<{
    subject: string;
    serial: string;
    notAfter: string;
    dnsNames: readonly string[];
    uris: readonly string[];
  }>;
}

/** The `key`/`cert`/`ca` options Node's TLS takes for this material. */
export function secureContextOptions(material: TlsMaterial): SecureContextOptions {
  return { cert: material.certChainPem, key: material.keyPem, ca: material.trustBundlePem };
}

async function readIn(directory: string, file: string): Promise<string> {
  return readFile(join(directory, file), 'utf8');
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Resolves `<out-dir>/current`; undefined when it does not exist. */
export async function resolveCurrentDirectory(outDir: string): Promise<string | undefined> {
  try {
    return await realpath(join(outDir, CURRENT_LINK));
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

/** The leaf (first of the chain) and the trusted CAs, each as PEM. */
function splitMaterial(directory: string, certChainPem: string, trustBundlePem: string) {
  try {
    return { leafPem: splitPemBundle(certChainPem)[0]!, trusted: splitPemBundle(trustBundlePem) };
  } catch (err) {
    throw new TlsMaterialError(
      'TLS_MATERIAL_INVALID',
      `${directory}: ${CERT_CHAIN_FILE} and ${TRUST_BUNDLE_FILE} must each hold PEM certificates (${(err as Error).message})`,
      { cause: err },
    );
  }
}

function parseLeaf(directory: string, leafPem: string): ParsedCertificate {
  try {
    return parseCertificate(leafPem);
  } catch (err) {
    throw new TlsMaterialError(
      'TLS_MATERIAL_INVALID',
      `${directory}/${CERT_CHAIN_FILE}: the first certificate does not parse (${(err as PkiError).code ?? 'error'})`,
      { cause: err },
    );
  }
}

function readPrivateKey(directory: string, keyPem: string): KeyObject {
  try {
    return createPrivateKey(keyPem);
  } catch {
    // Node's parse error is dropped on purpose: nothing about the key's bytes may travel further.
    throw new TlsMaterialError(
      'TLS_MATERIAL_INVALID',
      `${directory}/${KEY_FILE} is not a readable unencrypted private key`,
    );
  }
}

function checkMaterial(directory: string, certChainPem: string, keyPem: string, trustBundlePem: string): TlsMaterial {
  const { leafPem, trusted } = splitMaterial(directory, certChainPem, trustBundlePem);
  const leaf = parseLeaf(directory, leafPem);
  const key = readPrivateKey(directory, keyPem);
  if (!keyMatchesCertificate(key, leaf)) {
    throw new TlsMaterialError(
      'TLS_KEY_MISMATCH',
      `${directory}: ${KEY_FILE} does not belong to the certificate ${leaf.subject} (serial ${leaf.serial}) in ${CERT_CHAIN_FILE}`,
    );
  }
  try {
    // The same check Node makes when a server or agent takes these options: fail here, before any swap.
    tlsSecureContext({ cert: certChainPem, key: keyPem, ca: trusted.join('') });
  } catch {
    throw new TlsMaterialError(
      'TLS_MATERIAL_INVALID',
      `${directory}: Node's TLS refused the certificate, key or trust bundle (serial ${leaf.serial})`,
    );
  }
  return Object.freeze({
    directory,
    certChainPem,
    keyPem,
    trustBundlePem: trusted.join(''),
    leaf: Object.freeze({
      subject: leaf.subject,
      serial: leaf.serial,
      notAfter: leaf.notAfter.toISOString(),
      dnsNames: leaf.dnsNames,
      uris: leaf.uris,
    }),
  });
}

/**
 * Reads and checks the material `<out-dir>/current` points to: every file
 * from the same resolved directory, the key matching the leaf, and Node's
 * TLS accepting the set.
 *
 * @example
 * const material = await readTlsMaterial('/run/pca-mtls');
 * https.createServer({ ...secureContextOptions(material), requestCert: true, rejectUnauthorized: true });
 * @throws TlsMaterialError TLS_MATERIAL_MISSING, TLS_MATERIAL_INVALID, TLS_KEY_MISMATCH
 */
export async function readTlsMaterial(outDir: string): Promise<TlsMaterial> {
  for (let attempt = 1; ; attempt++) {
    const directory = await resolveCurrentDirectory(outDir);
    if (!directory) {
      throw new TlsMaterialError(
        'TLS_MATERIAL_MISSING',
        `${join(outDir, CURRENT_LINK)} does not exist; is the pca-mtls agent writing to ${outDir}?`,
      );
    }
    try {
      const [certChainPem, keyPem, trustBundlePem] = await Promise.all([
        readIn(directory, CERT_CHAIN_FILE),
        readIn(directory, KEY_FILE),
        readIn(directory, TRUST_BUNDLE_FILE),
      ]);
      return checkMaterial(directory, certChainPem, keyPem, trustBundlePem);
    } catch (err) {
      if (!isMissing(err)) throw err;
      // The directory was swapped away while we read it: resolve the link again.
      if (attempt >= MAX_RESOLVE_ATTEMPTS) {
        throw new TlsMaterialError(
          'TLS_MATERIAL_MISSING',
          `${directory} lacks ${CERT_CHAIN_FILE}, ${KEY_FILE} or ${TRUST_BUNDLE_FILE}`,
          { cause: err },
        );
      }
    }
  }
}
