import { EKU, certificateRef, describeCertificate, type ParsedCertificate } from './certificate.ts';
import { PkiError } from './errors.ts';
import type { Role } from '../vocabulary.ts';

const ROLE_EKUS: Record<Role, ReadonlyArray<keyof typeof EKU>> = {
  client: ['clientAuth'],
  server: ['serverAuth'],
  both: ['serverAuth', 'clientAuth'],
};

const EKU_NAMES: Record<string, string> = Object.fromEntries(Object.entries(EKU).map(([name, oid]) => [oid, name]));

/**
 * Rejects a certificate whose extended key usage does not allow the role:
 * `client` needs clientAuth, `server` serverAuth, `both` both.
 *
 * Decisions, matching what Envoy's BoringSSL enforces on the peer:
 * - no EKU extension at all allows every purpose (RFC 5280 §4.2.1.12), so it passes;
 * - anyExtendedKeyUsage alone does *not* pass: BoringSSL and OpenSSL reject it
 *   for the TLS client and server purposes.
 *
 * @example checkRoleEku(leaf, 'both')
 * @throws PkiError EKU_MISSING
 */
export function checkRoleEku(cert: ParsedCertificate, role: Role): void {
  const needed = ROLE_EKUS[role];
  if (!needed) throw new TypeError(`unknown role ${String(role)}; expected client, server or both`);
  if (!cert.hasEkuExtension) return;
  const missing = needed.filter((name) => !cert.extendedKeyUsages.includes(EKU[name]));
  if (missing.length === 0) return;

  const has =
    cert.extendedKeyUsages.length === 0
      ? 'none'
      : cert.extendedKeyUsages.map((oid) => EKU_NAMES[oid] ?? oid).join(', ');
  const missingText = missing.map((name) => `${name} (${EKU[name]})`).join(' and ');
  let advice = `issue the certificate from a template that includes ${missing.join(' and ')}`;
  if (missing.includes('clientAuth')) {
    const template = role === 'both' ? 'EndEntityCertificate/V1' : 'EndEntityClientAuthCertificate/V1';
    advice =
      'ACM may issue private certificates without clientAuth (since June 2025), so they cannot be used as mTLS client certificates; ' +
      `issue this identity with the 'pca' source and the ${template} template`;
  } else if (role === 'server') {
    advice = `issue this identity with the 'pca' source and the EndEntityServerAuthCertificate/V1 template, or an ACM certificate`;
  }
  throw new PkiError(
    'EKU_MISSING',
    `${describeCertificate(cert)} lacks the ${missingText} extended key usage that the ${role} role needs (it has: ${has}); ${advice}`,
    { certificate: certificateRef(cert) },
  );
}

/**
 * Rejects an issuing CA whose EKU extension (when present) excludes a usage
 * the role needs: TLS stacks apply EKU constraints along the whole chain.
 *
 * @throws PkiError EKU_MISSING
 */
export function checkIssuerEku(ca: ParsedCertificate, role: Role): void {
  if (!ca.hasEkuExtension) return;
  const missing = ROLE_EKUS[role].filter((name) => !ca.extendedKeyUsages.includes(EKU[name]));
  if (missing.length === 0) return;
  throw new PkiError(
    'EKU_MISSING',
    `the issuing CA ${describeCertificate(ca)} restricts extended key usage and excludes ${missing.join(' and ')}, so certificates it issues cannot serve the ${role} role; use a CA without that restriction`,
    { certificate: certificateRef(ca) },
  );
}
