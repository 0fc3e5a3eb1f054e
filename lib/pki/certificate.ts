import { X509Certificate, createHash } from 'node:crypto';
import { PkiError, type CertificateRef } from './errors.ts';
import { splitPemBundle } from './pem.ts';
import { x509 } from '../x509.ts';

/** Extended key usage OIDs pca-mtls cares about. */
export const EKU = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  anyExtendedKeyUsage: '2.5.29.37.0',
} as const;

/** Key usage bits, as names (RFC 5280 §4.2.1.3). */
export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

/** A certificate parsed once, with the fields every check needs. */
export interface ParsedCertificate {
  /** Normalized PEM (LF, trailing newline). */
  pem: string;
  der: Buffer;
  x509: X509Certificate;
  /** Lowercase hex, no colons, as Node prints it (no leading zero byte). */
  serial: string;
  /** RFC 4514-style one-line DN in encoded order, e.g. `CN=colorteller, O=Example`. */
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  dnsNames: string[];
  uris: string[];
  ipAddresses: string[];
  /** EKU OIDs; empty both when the extension is absent and when it is empty — see `hasEkuExtension`. */
  extendedKeyUsages: string[];
  /** Whether the certificate has an extendedKeyUsage extension at all (absent = any purpose, RFC 5280 §4.2.1.12). */
  hasEkuExtension: boolean;
  /** basicConstraints cA. */
  isCa: boolean;
  /** basicConstraints pathLenConstraint, when set. */
  pathLenConstraint?: number;
  /** keyUsage bits, or undefined when the extension is absent (no restriction). */
  keyUsage?: KeyUsageName[];
  /** SHA-256 of the DER, lowercase hex without colons. */
  fingerprint256: string;
}

const KEY_USAGE_BITS: ReadonlyArray<[KeyUsageName, number]> = [
  ['digitalSignature', x509.KeyUsageFlags.digitalSignature],
  ['nonRepudiation', x509.KeyUsageFlags.nonRepudiation],
  ['keyEncipherment', x509.KeyUsageFlags.keyEncipherment],
  ['dataEncipherment', x509.KeyUsageFlags.dataEncipherment],
  ['keyAgreement', x509.KeyUsageFlags.keyAgreement],
  ['keyCertSign', x509.KeyUsageFlags.keyCertSign],
  ['cRLSign', x509.KeyUsageFlags.cRLSign],
  ['encipherOnly', x509.KeyUsageFlags.encipherOnly],
  ['decipherOnly', x509.KeyUsageFlags.decipherOnly],
];

/**
 * Parses one PEM certificate. Node's `X509Certificate` does the X.509 and
 * signature work and gives names, validity, SANs and EKUs; @peculiar/x509
 * reads what Node does not expose (basicConstraints cA and pathLen, keyUsage
 * bits), on first use only: its ASN.1 parse costs milliseconds on every cold
 * start of the agent, and only issuers on a chain are asked for those fields.
 *
 * @example
 * const leaf = parseCertificate(secret.certificate);
 * leaf.serial      // '3fa1…' (compare with the secret's `serial`)
 * leaf.dnsNames    // ['colorteller.local']
 * @throws PkiError PEM_MALFORMED (not exactly one CERTIFICATE block), CERT_MALFORMED
 */
export function parseCertificate(pem: string): ParsedCertificate {
  const blocks = splitPemBundle(pem, 'CERTIFICATE');
  const [only] = blocks;
  if (only === undefined || blocks.length !== 1) {
    throw new PkiError(
      'PEM_MALFORMED',
      `expected one certificate, found ${blocks.length}; pass a bundle to parseCertificates`,
    );
  }
  return parseCertificateBlock(only);
}

/**
 * Parses every certificate in a PEM bundle, in order.
 * @throws PkiError PEM_MALFORMED (also when there is none), CERT_MALFORMED
 */
export function parseCertificates(bundle: string): ParsedCertificate[] {
  return splitPemBundle(bundle, 'CERTIFICATE').map(parseCertificateBlock);
}

function parseCertificateBlock(pem: string, index = 0): ParsedCertificate {
  let node: X509Certificate;
  try {
    node = new X509Certificate(pem);
  } catch {
    // The parser's message is dropped: a mislabelled block could be anything, even a key.
    throw new PkiError(
      'CERT_MALFORMED',
      `certificate block ${index + 1} does not parse as X.509; the PEM holds something else or is corrupted`,
    );
  }
  const der = Buffer.from(node.raw);
  const sans = parseSubjectAltNames(node.subjectAltName);
  // Node answers the EKU OIDs, or undefined when the extension is absent.
  const eku = (node as X509Certificate & { keyUsage?: string[] }).keyUsage;
  let extensions: ConstraintExtensions | undefined;
  const constraints = () => (extensions ??= readConstraintExtensions(pem, index));
  return {
    pem,
    der,
    x509: node,
    serial: node.serialNumber.toLowerCase(),
    subject: oneLineName(node.subject),
    issuer: oneLineName(node.issuer),
    notBefore: new Date(node.validFrom),
    notAfter: new Date(node.validTo),
    dnsNames: sans.dns,
    uris: sans.uri,
    ipAddresses: sans.ip,
    extendedKeyUsages: eku ? [...eku] : [],
    hasEkuExtension: eku !== undefined,
    // Not Node's `ca`: OpenSSL's X509_check_ca also weighs keyUsage and v1 roots, and
    // the chain checks report basicConstraints and keyUsage separately.
    get isCa() {
      return constraints().ca;
    },
    get pathLenConstraint() {
      return constraints().pathLength;
    },
    get keyUsage() {
      return constraints().keyUsage;
    },
    fingerprint256: createHash('sha256').update(der).digest('hex'),
  };
}

/** Node prints names one RDN per line (RFC 2253 escaping); messages and matching use one line. */
function oneLineName(name: string): string {
  return name.split('\n').join(', ');
}

/**
 * Node's `subjectAltName`: `DNS:a, URI:spiffe://x, IP Address:10.0.0.1`, with
 * values that contain separators written as JSON strings.
 */
function parseSubjectAltNames(text: string | undefined): { dns: string[]; uri: string[]; ip: string[] } {
  const out = { dns: [] as string[], uri: [] as string[], ip: [] as string[] };
  if (!text) return out;
  const entry = /(DNS|URI|IP Address|[A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g;
  for (const [, kind, raw] of text.matchAll(entry)) {
    // Both groups are mandatory in `entry`; the check only narrows the type.
    if (kind === undefined || raw === undefined) continue;
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    if (kind === 'DNS') out.dns.push(value);
    else if (kind === 'URI') out.uri.push(value);
    else if (kind === 'IP Address') out.ip.push(canonicalIp(value));
  }
  return out;
}

/** OpenSSL prints IPv6 uncompressed and uppercase; the URL parser gives the canonical form (RFC 5952). */
function canonicalIp(value: string): string {
  if (!value.includes(':')) return value;
  return new URL(`http://[${value}]/`).hostname.slice(1, -1);
}

interface ConstraintExtensions {
  /** basicConstraints cA. */
  ca: boolean;
  pathLength?: number;
  keyUsage?: KeyUsageName[];
}

function readConstraintExtensions(pem: string, index: number): ConstraintExtensions {
  let peculiar: x509.X509Certificate;
  try {
    peculiar = new x509.X509Certificate(pem);
  } catch {
    throw new PkiError('CERT_MALFORMED', `certificate block ${index + 1} has extensions that do not parse`);
  }
  const basic = peculiar.getExtension(x509.BasicConstraintsExtension);
  const keyUsage = peculiar.getExtension(x509.KeyUsagesExtension);
  return {
    ca: basic?.ca ?? false,
    ...(basic?.ca && basic.pathLength !== undefined ? { pathLength: basic.pathLength } : {}),
    ...(keyUsage
      ? { keyUsage: KEY_USAGE_BITS.filter(([, bit]) => (keyUsage.usages & bit) !== 0).map(([name]) => name) }
      : {}),
  };
}

/** Whether the EKU extension lists serverAuth (strict: an absent extension is `false`). */
export function hasServerAuth(cert: ParsedCertificate): boolean {
  return cert.extendedKeyUsages.includes(EKU.serverAuth);
}

/** Whether the EKU extension lists clientAuth (strict: an absent extension is `false`). */
export function hasClientAuth(cert: ParsedCertificate): boolean {
  return cert.extendedKeyUsages.includes(EKU.clientAuth);
}

/** Whether the certificate names itself as issuer and its own key verifies its signature. */
export function isSelfSigned(cert: ParsedCertificate): boolean {
  if (cert.subject !== cert.issuer && !cert.x509.checkIssued(cert.x509)) return false;
  try {
    return cert.x509.verify(cert.x509.publicKey);
  } catch {
    return false;
  }
}

/** How messages name a certificate: `certificate "CN=colorteller" (serial 3fa1…)`. */
export function describeCertificate(cert: CertificateRef): string {
  return `certificate "${cert.subject}" (serial ${cert.serial})`;
}

/** The subject and serial an error carries. */
export function certificateRef(cert: ParsedCertificate): CertificateRef {
  return { subject: cert.subject, serial: cert.serial };
}
