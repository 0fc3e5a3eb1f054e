/**
 * ACM's renewal eligibility for a private certificate (ACM User Guide,
 * "Managed renewal for private certificates"): it is ELIGIBLE only if it has
 * been exported since it was issued or last renewed. A renewal nobody
 * re-exported makes it INELIGIBLE, and ACM then lets it expire.
 */
import { viewAt } from './certificates.ts';
import type { AcmCertificate } from './state.ts';

export type RenewalEligibility = 'ELIGIBLE' | 'INELIGIBLE';

export function renewalEligibility(certificate: AcmCertificate, nowMs: number): RenewalEligibility {
  // Managed renewal of public certificates is not emulated (OPERATIONS.md, deviations).
  if (certificate.type === 'AMAZON_ISSUED' || certificate.exportedAt === undefined) return 'INELIGIBLE';
  const version = viewAt(certificate, nowMs).version;
  // The version in place became the certificate at `issuedAt` (issuance, or the renewal taking effect).
  return version && certificate.exportedAt >= version.issuedAt ? 'ELIGIBLE' : 'INELIGIBLE';
}
