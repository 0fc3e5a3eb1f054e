/**
 * Real X.509 material for tests: a root CA, subordinate CAs, and leaf
 * certificates with the key type, EKUs, SANs and validity a test chooses,
 * built with @peculiar/x509 and Node's WebCrypto — no openssl, no network.
 *
 * Everything is independent of the code under test in `lib/pki` except the
 * one-time @peculiar/x509 setup (reflection shim + crypto provider).
 *
 * @example
 * const root = await createRootCa();
 * const sub = await createSubordinateCa(root);
 * const leaf = await createLeaf(sub, { dnsNames: ['colorteller.local'], extendedKeyUsage: ['serverAuth'] });
 * leaf.pem; leaf.privateKey; bundlePem(sub, root);
 *
 * // or the whole identity secret at once:
 * const id = await createIdentity({ role: 'both', dnsNames: ['colorteller.local'] });
 * verifyIdentityMaterial({ ...id.material, role: 'both', now: new Date() });
 */
import { KeyObject, webcrypto } from 'node:crypto';
import { inspect } from 'node:util';
import { x509 } from '../../lib/x509.ts';

type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** Key types the fixtures generate, named as ACM / Private CA name them. */
export type FixtureKeyAlgorithm = 'EC_prime256v1' | 'EC_secp384r1' | 'RSA_2048';

/** Extended key usages by name; `'omit'` leaves the extension out (any purpose). */
export type FixtureEku = 'serverAuth' | 'clientAuth' | 'anyExtendedKeyUsage';

const EKU_OIDS: Record<FixtureEku, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  anyExtendedKeyUsage: '2.5.29.37.0',
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A passphrase shaped like Secrets Manager GetRandomPassword output (no `#$%`). */
export const TEST_PASSPHRASE = 'Zq8!vR2&kL9@wN4*pT6^yB1(hJ3)uC5-';

/** A certificate with the private key behind it. */
export interface FixtureCertificate {
  /** PEM of the certificate, LF, trailing newline. */
  pem: string;
  /** @peculiar/x509 view, for tests that build further on it. */
  certificate: x509.X509Certificate;
  /** The WebCrypto key pair (extractable), to sign with. */
  keys: CryptoKeyPair;
  /** The private key as a Node KeyObject. */
  privateKey: KeyObject;
  /** Unencrypted PKCS#8 PEM of the private key. */
  privateKeyPem: string;
  keyAlgorithm: FixtureKeyAlgorithm;
  /** RFC 4514-style subject, e.g. `CN=Test Root CA, O=pca-mtls tests`. */
  subject: string;
  /** Lowercase hex serial, as lib/pki reports it. */
  serial: string;
}

/** A CA: a certificate allowed to sign others. */
export type FixtureCa = FixtureCertificate;

interface CommonOptions {
  /** Default depends on the kind of certificate. */
  commonName?: string;
  /** Default `O=pca-mtls tests`; pass '' for a CN-only name. */
  organization?: string;
  /** Default EC_prime256v1. Ignored when `keys` is given. */
  keyAlgorithm?: FixtureKeyAlgorithm;
  /** Reuse a key pair (e.g. to re-issue a CA with the same key). */
  keys?: CryptoKeyPair;
  /** Default: an hour ago (relative to `now`). */
  notBefore?: Date;
  /** Default: `now` plus the kind's lifetime. */
  notAfter?: Date;
  /** Base for the default dates. Default: the current time. */
  now?: Date;
  /** Hex serial; default random 16 bytes (positive). */
  serialNumber?: string;
}

export interface CaOptions extends CommonOptions {
  /** basicConstraints pathLenConstraint. Default none. */
  pathLength?: number;
  /** basicConstraints cA. Default true; false builds an "issuer" that is not a CA. */
  isCa?: boolean;
  /** keyUsage keyCertSign + cRLSign. Default true; false sets digitalSignature only. */
  keyCertSign?: boolean;
  /** EKU extension on the CA. Default: none (unrestricted, as Private CA CAs are). */
  extendedKeyUsage?: FixtureEku[];
}

export interface LeafOptions extends CommonOptions {
  /** DNS SANs. Default `[<commonName>]`; `[]` with no uris/ips leaves SAN out entirely. */
  dnsNames?: string[];
  uris?: string[];
  ipAddresses?: string[];
  /** Default `['serverAuth', 'clientAuth']`; `'omit'` leaves the extension out. */
  extendedKeyUsage?: FixtureEku[] | 'omit';
  /** Make the leaf a CA (basicConstraints cA). Default false. */
  isCa?: boolean;
}

const CA_LIFETIME_MS = 3650 * DAY_MS;
const LEAF_LIFETIME_MS = 30 * DAY_MS;

/** Generates a WebCrypto key pair of the given type (extractable). */
export async function generateKeyPair(keyAlgorithm: FixtureKeyAlgorithm = 'EC_prime256v1'): Promise<CryptoKeyPair> {
  const usages: webcrypto.KeyUsage[] = ['sign', 'verify'];
  switch (keyAlgorithm) {
    case 'EC_prime256v1':
      return webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, usages);
    case 'EC_secp384r1':
      return webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, usages);
    case 'RSA_2048':
      return webcrypto.subtle.generateKey(
        { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
        true,
        usages,
      );
  }
}

function keyAlgorithmOfPair(keys: CryptoKeyPair): FixtureKeyAlgorithm {
  const algorithm = keys.privateKey.algorithm as { name: string; namedCurve?: string };
  if (algorithm.name === 'ECDSA') return algorithm.namedCurve === 'P-384' ? 'EC_secp384r1' : 'EC_prime256v1';
  return 'RSA_2048';
}

/** The signature algorithm an issuer with this key signs with (SHA-384 for P-384, as Private CA does). */
function signingAlgorithm(keys: CryptoKeyPair): webcrypto.Algorithm | webcrypto.EcdsaParams {
  const kind = keyAlgorithmOfPair(keys);
  if (kind === 'EC_secp384r1') return { name: 'ECDSA', hash: 'SHA-384' };
  if (kind === 'EC_prime256v1') return { name: 'ECDSA', hash: 'SHA-256' };
  return { name: 'RSASSA-PKCS1-v1_5' };
}

function randomSerial(): string {
  const bytes = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  bytes.writeUInt8((bytes.readUInt8(0) & 0x7f) | 0x10, 0); // positive, and no leading zero byte Node would drop
  return bytes.toString('hex');
}

function distinguishedName(commonName: string, organization: string | undefined): string {
  const o = organization ?? 'pca-mtls tests';
  return o === '' ? `CN=${commonName}` : `CN=${commonName}, O=${o}`;
}

function dates(options: CommonOptions, lifetimeMs: number): { notBefore: Date; notAfter: Date } {
  const now = options.now ?? new Date();
  return {
    notBefore: options.notBefore ?? new Date(now.getTime() - HOUR_MS),
    notAfter: options.notAfter ?? new Date(now.getTime() + lifetimeMs),
  };
}

async function finish(certificate: x509.X509Certificate, keys: CryptoKeyPair): Promise<FixtureCertificate> {
  const privateKey = KeyObject.from(keys.privateKey);
  return {
    pem: `${certificate.toString('pem').replace(/\r\n/g, '\n').trimEnd()}\n`,
    certificate,
    keys,
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    keyAlgorithm: keyAlgorithmOfPair(keys),
    subject: certificate.subject,
    serial: certificate.serialNumber.toLowerCase().replace(/^(00)+/, ''),
  };
}

function caExtensions(options: CaOptions): x509.Extension[] {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(options.isCa ?? true, options.pathLength, true),
    new x509.KeyUsagesExtension(
      options.keyCertSign === false
        ? x509.KeyUsageFlags.digitalSignature
        : x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
      true,
    ),
  ];
  if (options.extendedKeyUsage)
    extensions.push(new x509.ExtendedKeyUsageExtension(options.extendedKeyUsage.map((e) => EKU_OIDS[e])));
  return extensions;
}

/** A self-signed root CA (default `CN=Test Root CA`, EC P-256, ten years). */
export async function createRootCa(options: CaOptions = {}): Promise<FixtureCa> {
  const keys = options.keys ?? (await generateKeyPair(options.keyAlgorithm));
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: distinguishedName(options.commonName ?? 'Test Root CA', options.organization),
    keys,
    serialNumber: options.serialNumber ?? randomSerial(),
    ...dates(options, CA_LIFETIME_MS),
    signingAlgorithm: signingAlgorithm(keys),
    extensions: [...caExtensions(options), await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)],
  });
  return finish(certificate, keys);
}

/** Signs a certificate with `issuer`, adding SKI and the issuer's AKI as Private CA does. */
async function issue(
  issuer: FixtureCa,
  subject: string,
  keys: CryptoKeyPair,
  options: CommonOptions,
  lifetimeMs: number,
  extensions: x509.Extension[],
): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create({
    subject,
    issuer: issuer.certificate.subject,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    serialNumber: options.serialNumber ?? randomSerial(),
    ...dates(options, lifetimeMs),
    signingAlgorithm: signingAlgorithm(issuer.keys),
    extensions: [
      ...extensions,
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
    ],
  });
}

/** A CA certificate issued by `issuer` (default `CN=Test Subordinate CA`, EC P-256, ten years). */
export async function createSubordinateCa(issuer: FixtureCa, options: CaOptions = {}): Promise<FixtureCa> {
  const keys = options.keys ?? (await generateKeyPair(options.keyAlgorithm));
  const subject = distinguishedName(options.commonName ?? 'Test Subordinate CA', options.organization);
  const certificate = await issue(issuer, subject, keys, options, CA_LIFETIME_MS, caExtensions(options));
  return finish(certificate, keys);
}

/**
 * An end-entity certificate issued by `issuer` (default `CN=colorteller.local`,
 * SAN DNS = CN, EKU serverAuth + clientAuth, EC P-256, thirty days).
 */
export async function createLeaf(issuer: FixtureCa, options: LeafOptions = {}): Promise<FixtureCertificate> {
  const keys = options.keys ?? (await generateKeyPair(options.keyAlgorithm));
  const commonName = options.commonName ?? 'colorteller.local';
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(options.isCa ?? false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
  ];
  const eku = options.extendedKeyUsage ?? ['serverAuth', 'clientAuth'];
  if (eku !== 'omit') extensions.push(new x509.ExtendedKeyUsageExtension(eku.map((e) => EKU_OIDS[e])));
  const names: Array<{ type: 'dns' | 'url' | 'ip'; value: string }> = [
    ...(options.dnsNames ?? [commonName]).map((value) => ({ type: 'dns' as const, value })),
    ...(options.uris ?? []).map((value) => ({ type: 'url' as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  const subject = distinguishedName(commonName, options.organization);
  const certificate = await issue(issuer, subject, keys, options, LEAF_LIFETIME_MS, extensions);
  return finish(certificate, keys);
}

/** PEM bundle of the given certificates, in the order given. */
export function bundlePem(...certificates: Array<{ pem: string }>): string {
  return certificates.map((c) => c.pem).join('');
}

/**
 * Encrypted PKCS#8 PEM (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC), made with
 * Node directly rather than through lib/pki, so tests of lib/pki do not check
 * it against itself.
 */
export function encryptKeyPem(privateKey: KeyObject, passphrase: string = TEST_PASSPHRASE): string {
  return privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}

export type FixtureRole = 'client' | 'server' | 'both';

export interface IdentityOptions extends Omit<LeafOptions, 'extendedKeyUsage'> {
  /** Sets the leaf's EKU: client → clientAuth, server → serverAuth, both → both. Default 'both'. */
  role?: FixtureRole;
  /** Overrides the EKU that `role` implies. */
  extendedKeyUsage?: LeafOptions['extendedKeyUsage'];
  /** Key type of both CAs. Default EC_prime256v1. */
  caKeyAlgorithm?: FixtureKeyAlgorithm;
  passphrase?: string;
}

/** An identity as the exporter stores it: root → subordinate → leaf, key encrypted. */
export interface FixtureIdentity {
  root: FixtureCa;
  intermediate: FixtureCa;
  leaf: FixtureCertificate;
  passphrase: string;
  /** The fields `verifyIdentityMaterial` takes (chain = intermediate then root, as ACM returns it). */
  material: {
    certificatePem: string;
    chainPem: string;
    encryptedKeyPem: string;
    passphrase: string;
    trustBundlePem: string;
  };
}

const ROLE_EKUS: Record<FixtureRole, FixtureEku[]> = {
  client: ['clientAuth'],
  server: ['serverAuth'],
  both: ['serverAuth', 'clientAuth'],
};

/** A complete identity: a fresh root and subordinate CA and a leaf from the subordinate. */
export async function createIdentity(options: IdentityOptions = {}): Promise<FixtureIdentity> {
  const { role = 'both', caKeyAlgorithm, passphrase = TEST_PASSPHRASE, ...leafOptions } = options;
  const root = await createRootCa({ keyAlgorithm: caKeyAlgorithm, now: options.now });
  const intermediate = await createSubordinateCa(root, { keyAlgorithm: caKeyAlgorithm, now: options.now });
  const leaf = await createLeaf(intermediate, {
    ...leafOptions,
    extendedKeyUsage: options.extendedKeyUsage ?? ROLE_EKUS[role],
  });
  return {
    root,
    intermediate,
    leaf,
    passphrase,
    material: {
      certificatePem: leaf.pem,
      chainPem: bundlePem(intermediate, root),
      encryptedKeyPem: encryptKeyPem(leaf.privateKey, passphrase),
      passphrase,
      trustBundlePem: root.pem,
    },
  };
}

/**
 * Everything an error could show anyone: message, `String(err)`, stack,
 * `util.inspect` (all own properties, deeply) and JSON, for the error and
 * every `cause` below it. Assert that secrets are absent from this.
 */
export function errorTranscript(err: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  for (
    let current: unknown = err;
    current !== undefined && current !== null && !seen.has(current);
    current = (current as { cause?: unknown }).cause
  ) {
    seen.add(current);
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- String(err) is exactly what a careless log line would print
    parts.push(String(current), inspect(current, { depth: Infinity, showHidden: true }));
    if (current instanceof Error) parts.push(current.message, current.stack ?? '');
    try {
      parts.push(JSON.stringify(current) ?? '');
    } catch {
      // circular: inspect above has it all
    }
    if (typeof current !== 'object') break;
  }
  return parts.join('\n');
}

/** The base64 body lines of a PEM (what must never appear in any error or log). */
export function pemBodyLines(pem: string): string[] {
  return pem
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('-----') && !line.includes(':'));
}
