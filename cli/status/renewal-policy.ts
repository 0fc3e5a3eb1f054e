/**
 * When an identity's certificate needs attention. ACM renews exported private
 * certificates about 60 days before they expire, so an `acm` identity inside
 * that window means the renewal (or its re-export) has not happened yet;
 * `pca` identities are renewed by the reconcile sweep at 2/3 of their lifetime.
 */
import { ACM_MANAGED_RENEWAL_DAYS, PCA_RENEW_AT_FRACTION } from '../../lib/renewal/renewal-options.ts';
import type { CertificateSource } from '../../lib/vocabulary.ts';

export const ACM_RENEWAL_WINDOW_DAYS = ACM_MANAGED_RENEWAL_DAYS;
/** The renew Lambda's default (PCA_MTLS_PCA_RENEW_AT_FRACTION can move it; status judges by the default). */
export const PCA_RENEWAL_LIFETIME_FRACTION = PCA_RENEW_AT_FRACTION;
const DAY_MS = 86_400_000;

export interface RenewalAssessment {
  /** Whole days left, rounded down (negative once expired). */
  daysLeft: number;
  expired: boolean;
  renewalDue: boolean;
  /** Why renewal is due, for the message. */
  reason?: string;
}

export function assessRenewal(
  source: CertificateSource | 'legacy',
  notBefore: Date,
  notAfter: Date,
  now: Date,
): RenewalAssessment {
  const msLeft = notAfter.getTime() - now.getTime();
  const daysLeft = Math.floor(msLeft / DAY_MS);
  const expired = msLeft <= 0;
  if (source === 'pca') {
    const renewAt = notBefore.getTime() + (notAfter.getTime() - notBefore.getTime()) * PCA_RENEWAL_LIFETIME_FRACTION;
    const due = now.getTime() >= renewAt;
    return {
      daysLeft,
      expired,
      renewalDue: due,
      ...(due ? { reason: `past 2/3 of its lifetime (since ${new Date(renewAt).toISOString()})` } : {}),
    };
  }
  const due = msLeft < ACM_RENEWAL_WINDOW_DAYS * DAY_MS;
  return {
    daysLeft,
    expired,
    renewalDue: due,
    ...(due ? { reason: `inside the ${ACM_RENEWAL_WINDOW_DAYS}-day renewal window` } : {}),
  };
}
