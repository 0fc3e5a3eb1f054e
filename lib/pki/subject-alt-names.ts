import { certificateRef, describeCertificate, type ParsedCertificate } from './certificate.ts';
import { PkiError } from './errors.ts';

export interface SanExpectations {
  /** Reject a certificate with no subject alternative name at all. Default true. */
  required?: boolean;
  /** DNS names the certificate must cover (peers verify against these). */
  expectedDns?: readonly string[];
}

/**
 * Rejects a certificate without SANs (TLS peers ignore the CN) or that does
 * not cover every expected DNS name. Certificate wildcards match as RFC 6125
 * §6.4.3 allows: `*` as the whole left-most label, matching exactly one label,
 * with at least two labels after it (`*.example.com`, not `*.com`).
 *
 * @example checkSans(leaf, { expectedDns: ['colorteller.local'] })
 * @throws PkiError SAN_MISSING, SAN_MISMATCH
 */
export function checkSans(cert: ParsedCertificate, expectations: SanExpectations = {}): void {
  const { required = true, expectedDns = [] } = expectations;
  const ref = { certificate: certificateRef(cert) };
  const total = cert.dnsNames.length + cert.uris.length + cert.ipAddresses.length;
  if (total === 0 && (required || expectedDns.length > 0)) {
    throw new PkiError(
      'SAN_MISSING',
      `${describeCertificate(cert)} has no subject alternative names; TLS peers verify names against SANs only, so request the certificate with the service's DNS name(s)`,
      ref,
    );
  }
  const missing = expectedDns.filter((name) => !cert.dnsNames.some((pattern) => dnsNameMatches(pattern, name)));
  if (missing.length > 0) {
    const has = cert.dnsNames.length > 0 ? cert.dnsNames.join(', ') : 'no DNS names';
    throw new PkiError(
      'SAN_MISMATCH',
      `${describeCertificate(cert)} does not cover ${missing.join(', ')} (its DNS SANs: ${has}); issue it with those names or fix the expected names`,
      ref,
    );
  }
}

/**
 * Whether the certificate DNS name `pattern` (possibly `*.example.com`) covers
 * `hostname`. Case-insensitive; a trailing dot is ignored. An expected name
 * that is itself a wildcard matches only the same wildcard.
 */
export function dnsNameMatches(pattern: string, hostname: string): boolean {
  const p = normalize(pattern);
  const h = normalize(hostname);
  if (p === '' || h === '') return false;
  if (p === h) return true;
  if (!p.startsWith('*.') || h.includes('*')) return false;
  const suffix = p.slice(2);
  if (suffix.includes('*') || suffix.split('.').length < 2) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === suffix;
}

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
