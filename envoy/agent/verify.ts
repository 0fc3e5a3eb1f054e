import type { KeyObject } from 'node:crypto';
import { PcaMtlsError } from '../../lib/errors.ts';
import { PkiError, verifyIdentityMaterial, type VerifiedMaterial } from '../../lib/pki/index.ts';
import { readIdentityMaterial, type IdentityMaterial } from '../../lib/secret-schema/identity-secret.ts';
import { parseTrustBundleSecret, trustBundlePem } from '../../lib/secret-schema/trust-bundle-secret.ts';
import { normalizeSerial } from '../../lib/serial.ts';
import type { Role } from '../../lib/vocabulary.ts';
import { MaterialRejectedError } from './errors.ts';
import type { FetchedMaterial } from './fetch-material.ts';

/** Material that passed every check, ready to write. Holds the decrypted key as a KeyObject (inspecting it shows nothing). */
export interface VerifiedIdentity {
  /** The secret's `identity`, or the secret name's last segment for the App Mesh sample's format. */
  readonly identity: string;
  readonly format: IdentityMaterial['format'];
  readonly serial: string;
  readonly subject: string;
  readonly dnsNames: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly identityVersionId: string;
  readonly trustVersionId: string;
  /** Leaf, then the intermediates up to (not including) the trust anchor, which peers already hold. */
  readonly certChainPem: string;
  readonly trustBundlePem: string;
  readonly privateKey: KeyObject;
}

export interface VerifyOptions {
  role: Role;
  now: Date;
}

/** A PcaMtlsError from a check becomes a MaterialRejectedError naming the secret and its setting; anything else is rethrown. */
function reject(secretId: string, setting: string, err: unknown): never {
  if (err instanceof PcaMtlsError)
    throw new MaterialRejectedError(
      err.code,
      secretId,
      `secret ${secretId} (${setting}): ${err.message.replace(/^secret \S+: /, '')}`,
      { cause: err },
    );
  throw err;
}

/** Parses both secrets: the identity's schema, the bundle's schema, each blamed on its own setting. */
function parseSecrets({ identity, trust }: FetchedMaterial): { material: IdentityMaterial; bundlePem: string } {
  let material: IdentityMaterial;
  try {
    material = readIdentityMaterial(identity.text, identity.secretId);
  } catch (err) {
    return reject(identity.secretId, '--secret-id', err);
  }
  try {
    return { material, bundlePem: trustBundlePem(parseTrustBundleSecret(trust.text, trust.secretId)) };
  } catch (err) {
    return reject(trust.secretId, '--trust-secret-id', err);
  }
}

/** The PKI checks with each passphrase candidate in turn (the App Mesh sample's format has two); any other failure is final. */
function verifyWithPassphrases(
  fetched: FetchedMaterial,
  material: IdentityMaterial,
  bundlePem: string,
  options: VerifyOptions,
): VerifiedMaterial {
  const { identity, trust } = fetched;
  let decryptFailure: unknown;
  for (const passphrase of material.passphrases) {
    try {
      return verifyIdentityMaterial({
        certificatePem: material.certificate,
        chainPem: material.certificateChain,
        encryptedKeyPem: material.privateKey,
        passphrase,
        trustBundlePem: bundlePem,
        role: options.role,
        now: options.now,
      });
    } catch (err) {
      if (err instanceof PkiError && err.code === 'KEY_DECRYPT_FAILED') {
        decryptFailure = err;
        continue;
      }
      // An empty bundle is the trust secret's fault, not the identity's.
      if (err instanceof PkiError && err.code === 'TRUST_EMPTY')
        return reject(trust.secretId, '--trust-secret-id', err);
      return reject(identity.secretId, '--secret-id', err);
    }
  }
  return reject(identity.secretId, '--secret-id', decryptFailure);
}

/** The secret's own `serial` field must name its certificate: a mismatch means a hand edit or a broken exporter. */
function assertSerialMatches(secretId: string, material: IdentityMaterial, serial: string): void {
  if (material.secret && normalizeSerial(material.secret.serial) !== serial) {
    throw new MaterialRejectedError(
      'SECRET_INCONSISTENT',
      secretId,
      `secret ${secretId} (--secret-id): its 'serial' field (${material.secret.serial}) is not the serial of its certificate (${serial}); the secret was edited by hand or written by a broken exporter — re-export the identity`,
    );
  }
}

/**
 * Step 2 of the agent: the whole identity is checked in memory before
 * anything touches the disk — schema, key decrypts (each passphrase candidate
 * of the App Mesh sample's format in turn), key matches the leaf, the leaf's
 * chain builds to an anchor in the trust bundle, the bundle is not empty,
 * validity along the path, EKU for the role, SANs present, and the secret's
 * own `serial` agrees with its certificate.
 *
 * @throws MaterialRejectedError with the failed check's code; the message names the secret
 */
export function verifyFetchedMaterial(fetched: FetchedMaterial, options: VerifyOptions): VerifiedIdentity {
  const { identity: identitySecret, trust } = fetched;
  const { material, bundlePem } = parseSecrets(fetched);
  const verified = verifyWithPassphrases(fetched, material, bundlePem, options);
  const serial = normalizeSerial(verified.serial);
  assertSerialMatches(identitySecret.secretId, material, serial);
  // The trust anchor ends the verified path; peers hold it already, so the chain sent in TLS stops below it.
  const intermediates = verified.chain.slice(0, -1);
  return Object.freeze({
    identity:
      material.secret?.identity ??
      identitySecret.secretId
        .replace(/^arn:.*:secret:/, '')
        .split('/')
        .at(-1)!,
    format: material.format,
    serial,
    subject: verified.leaf.subject,
    dnsNames: Object.freeze([...verified.leaf.dnsNames]),
    notBefore: verified.notBefore,
    notAfter: verified.notAfter,
    identityVersionId: identitySecret.versionId,
    trustVersionId: trust.versionId,
    certChainPem: [verified.leaf, ...intermediates].map((c) => c.pem).join(''),
    trustBundlePem: bundlePem,
    privateKey: verified.privateKey,
  });
}
