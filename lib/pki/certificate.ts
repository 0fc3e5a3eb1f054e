import { X509Certificate, createHash } from 'node:crypto';
import { PkiError, type CertificateRef } from './errors.js';
import { splitPemBundle } from './pem.js';
import { x509 } from '../x509.js';

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
 * signature work; @peculiar/x509 reads the extensions Node does not expose
 * (SAN types, basicConstraints pathLen, keyUsage bits, EKU presence).
 *
 * @example
 * const leaf = parseCertificate(secret.certificate);
 * leaf.serial      // '3fa1…' (compare with the secret's `serial`)
 * leaf.dnsNames    // ['colorteller.local']
 * @throws PkiError PEM_MALFORMED (not exactly one CERTIFICATE block), CERT_MALFORMED
 */
export function parseCertificate(pem: string): ParsedCertificate {
  const blocks = splitPemBundle(pem, 'CERTIFICATE');
  if (blocks.length !== 1) {
    throw new PkiError('PEM_MALFORMED', `expected one certificate, found ${blocks.length}; pass a bundle to parseCertificates`);
  }
  return parseCertificateBlock(blocks[0]!);
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
  let peculiar: x509.X509Certificate;
  try {
    node = new X509Certificate(pem);
    peculiar = new x509.X509Certificate(pem);
  } catch {
    // The parsers' messages are dropped: a mislabelled block could be anything, even a key.
    throw new PkiError('CERT_MALFORMED', `certificate block ${index + 1} does not parse as X.509; the PEM holds something else or is corrupted`);
  }
  const der = Buffer.from(node.raw);
  const sans = peculiar.getExtension(x509.SubjectAlternativeNameExtension)?.names.items ?? [];
  const eku = peculiar.getExtension(x509.ExtendedKeyUsageExtension);
  const basic = peculiar.getExtension(x509.BasicConstraintsExtension);
  const keyUsage = peculiar.getExtension(x509.KeyUsagesExtension);
  const parsed: ParsedCertificate = {
    pem,
    der,
    x509: node,
    serial: node.serialNumber.toLowerCase(),
    subject: peculiar.subject,
    issuer: peculiar.issuer,
    notBefore: peculiar.notBefore,
    notAfter: peculiar.notAfter,
    dnsNames: sans.filter((n) => n.type === 'dns').map((n) => n.value),
    uris: sans.filter((n) => n.type === 'url').map((n) => n.value),
    ipAddresses: sans.filter((n) => n.type === 'ip').map((n) => n.value),
    extendedKeyUsages: eku ? eku.usages.map(String) : [],
    hasEkuExtension: eku !== null,
    isCa: basic?.ca ?? false,
    fingerprint256: createHash('sha256').update(der).digest('hex'),
  };
  if (basic?.ca && basic.pathLength !== undefined) parsed.pathLenConstraint = basic.pathLength;
  if (keyUsage) parsed.keyUsage = KEY_USAGE_BITS.filter(([, bit]) => (keyUsage.usages & bit) !== 0).map(([name]) => name);
  return parsed;
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
