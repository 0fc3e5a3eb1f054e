import { ListCertificatesCommand, type ACMClient } from '@aws-sdk/client-acm';
import { awsCall } from '../aws/aws-call-error.ts';
import { retryThrottled } from '../aws/throttle-retry.ts';
import { ROLL_STAGE } from '../secret-schema/tags.ts';
import type { BoundIdentity } from './bound-identities.ts';
import type { RenewalOptions } from './renewal-options.ts';

/** What ACM's ListCertificates says about one certificate: enough to tell whether it changed or is due. */
export interface AcmListing {
  /** Epoch ms (ACM reports whole seconds). */
  notAfter: number;
  /**
   * Epoch ms the listed version was issued (IssuedAt; the API reference documents it for AMAZON_ISSUED
   * only, ACM lists it for private ones too): a renewal issued within `eventGraceMs` is left to its event.
   * Not NotBefore: Private CA backdates it.
   */
  issuedAt?: number;
  status: string;
  /**
   * A private certificate ACM will not renew (not exported since it was issued or last renewed):
   * due, so the sweep flags and re-exports it. Its NotAfter alone cannot tell, e.g. after a
   * renewal that kept the validity end.
   */
  ineligiblePrivate?: boolean;
}

/** ListCertificates' largest page. */
const ACM_PAGE_SIZE = 1000;
/** Without a keyTypes filter ListCertificates lists only RSA_2048 certificates: name every type pca-mtls exports. */
const ACM_KEY_TYPES = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'] as const;
/**
 * After its lease, a claimed roll is checked for abandonment (DescribeServices)
 * only while the secret changed within this window: long enough for a few
 * hourly sweeps to look, short enough that a settled fleet costs no per-identity call.
 */
export const ROLL_RECOVERY_WINDOW_MS = 3 * 3_600_000;
const DAY_MS = 86_400_000;

/** Every private certificate in the account and region, by ARN: 1,000 per call. */
export async function listAcmCertificates(acm: ACMClient): Promise<Map<string, AcmListing>> {
  const listed = new Map<string, AcmListing>();
  let NextToken: string | undefined;
  do {
    // ListCertificates' quota is 1/s per account: an overlapping sweep (or `pca-mtls status`) waits its turn.
    const page = await retryThrottled(() =>
      awsCall('acm:ListCertificates', () =>
        acm.send(
          new ListCertificatesCommand({
            Includes: { keyTypes: [...ACM_KEY_TYPES] },
            MaxItems: ACM_PAGE_SIZE,
            NextToken,
          }),
        ),
      ),
    );
    for (const summary of page.CertificateSummaryList ?? []) {
      if (!summary.CertificateArn) continue;
      listed.set(summary.CertificateArn, {
        notAfter: summary.NotAfter?.getTime() ?? 0,
        ...(summary.IssuedAt ? { issuedAt: summary.IssuedAt.getTime() } : {}),
        status: summary.Status ?? 'UNKNOWN',
        ...(summary.Type === 'PRIVATE' && summary.RenewalEligibility === 'INELIGIBLE'
          ? { ineligiblePrivate: true }
          : {}),
      });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return listed;
}

/** Why the sweep looks at an identity; undefined: the listings prove nothing is to be done. */
export type DueReason =
  | 'untagged'
  | 'acm-missing'
  | 'acm-not-issued'
  | 'acm-ineligible'
  | 'acm-renewed'
  | 'acm-renew-window'
  | 'pca-renew-at'
  | 'roll-pending'
  | 'roll-recovery';

/**
 * The sweep's decision from the listings alone (ListSecrets' tags and version
 * stages, ListCertificates' NotAfter and status), equal to what reading the
 * identity would decide: ACM renewed (its NotAfter differs from the stored
 * one) — unless the new version was issued less than `eventGraceMs` ago, which
 * is left to its RENEWAL event as the per-identity path leaves it (its
 * RenewalSummary.UpdatedAt is never before the version's IssuedAt, so this
 * never skips what a full reading would do; a sweep crossing a renewal storm
 * then costs no per-identity call) — a private ACM certificate ACM will not
 * renew (INELIGIBLE), an ACM
 * certificate inside the renewal threshold, a `pca` certificate
 * past its renewal fraction, a `redeploy` version not rolled yet, or a recent
 * roll to check for abandonment. Secrets without the tags are always due (read).
 */
export function dueReason(
  bound: BoundIdentity,
  acm: ReadonlyMap<string, AcmListing>,
  now: number,
  options: Pick<RenewalOptions, 'acmRenewWithinDays' | 'pcaRenewAtFraction' | 'rollLeaseMs' | 'eventGraceMs'>,
): DueReason | undefined {
  const stored = bound.stored;
  if (!stored || !bound.source || !bound.certificateArn) return 'untagged';
  if (bound.source === 'acm') {
    const listing = acm.get(bound.certificateArn);
    if (!listing) return 'acm-missing';
    if (listing.status !== 'ISSUED') return 'acm-not-issued';
    const renewed = Math.floor(listing.notAfter / 1000) !== Math.floor(stored.notAfter / 1000);
    if (renewed && freshRenewal(listing, now, options.eventGraceMs)) return rollReason(bound, now, options.rollLeaseMs);
    if (listing.ineligiblePrivate) return 'acm-ineligible';
    if (renewed) return 'acm-renewed';
    if (listing.notAfter - now <= options.acmRenewWithinDays * DAY_MS) return 'acm-renew-window';
  } else if (now >= stored.notBefore + options.pcaRenewAtFraction * (stored.notAfter - stored.notBefore)) {
    return 'pca-renew-at';
  }
  return rollReason(bound, now, options.rollLeaseMs);
}

function freshRenewal(listing: AcmListing, now: number, eventGraceMs: number): boolean {
  return listing.issuedAt !== undefined && now - listing.issuedAt < eventGraceMs;
}

/** Identities whose ACM renewal the listing shows as issued within `eventGraceMs`: left to their events. */
export function leftToEvents(
  identities: readonly BoundIdentity[],
  acm: ReadonlyMap<string, AcmListing>,
  now: number,
  eventGraceMs: number,
): string[] {
  return identities.flatMap((bound) => {
    const listing = bound.source === 'acm' && bound.certificateArn ? acm.get(bound.certificateArn) : undefined;
    const renewed =
      listing && bound.stored && Math.floor(listing.notAfter / 1000) !== Math.floor(bound.stored.notAfter / 1000);
    return renewed && freshRenewal(listing, now, eventGraceMs) ? [bound.identity] : [];
  });
}

function rollReason(bound: BoundIdentity, now: number, rollLeaseMs: number): DueReason | undefined {
  if (bound.rotation !== 'redeploy' || bound.ecsServices.length === 0) return undefined;
  const current = Object.values(bound.versionStages).find((stages) => stages.includes('AWSCURRENT'));
  if (!current) return undefined;
  if (!current.includes(ROLL_STAGE)) return 'roll-pending';
  const changedAgo = now - (bound.lastChangedDate?.getTime() ?? 0);
  return changedAgo >= rollLeaseMs && changedAgo < ROLL_RECOVERY_WINDOW_MS ? 'roll-recovery' : undefined;
}
