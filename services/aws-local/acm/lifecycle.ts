/**
 * ACM's time-driven behaviour for one private certificate, as due
 * occurrences for the scheduler (scheduler/scheduler.ts):
 *
 * - Outcome announcements, at `readyAt`: `ACM Certificate Available`
 *   (`Action` ISSUANCE or RENEWAL), or `ACM Certificate Renewal Action
 *   Required` with `RenewalStatusReason` when a renewal failed.
 * - Managed renewal of ELIGIBLE certificates (exported since issued or last
 *   renewed: acm/eligibility.ts) at 60 days before expiry, and again at 45,
 *   30, 15, 3 and 1 days while attempts fail (ACM retries at these points);
 *   each attempt signs through Private CA, so a disabled CA or a missing
 *   acm.amazonaws.com permission fails it with ACM's reason. Renewal Action
 *   Required is published for failures at 45, 30, 15, 3 and 1 days only.
 * - `ACM Certificate Approaching Expiration` once per day from
 *   `DaysBeforeExpiry` (account configuration, default 45) down to 1 day.
 * - `ACM Certificate Expired` at `notAfter`.
 *
 * Clock jumps: everything due is replayed in time order, each at its own
 * instant (events carry it as their `time`), but repeats collapse: of the
 * expiry notices whose day boundaries were all crossed only the latest is
 * sent (none when the expiry itself was crossed), and of several due retry
 * attempts only the latest runs — the world (CA state, permissions) is the
 * same for all of them, so the earlier ones could only fail the same way.
 * The first attempt, at 60 days, always runs at its own time, so a renewed
 * certificate's dates are what they would have been without the jump.
 */
import type { OperationContext } from '../protocol/service.ts';
import type { EmulatorEnv } from '../protocol/service.ts';
import { earliest, OCCURRENCE_RANK, type Occurrence } from '../scheduler/occurrence.ts';
import {
  approachingExpiration,
  certificateAvailable,
  certificateExpired,
  emitAcmEvent,
  renewalActionRequired,
} from './events.ts';
import { renewalEligibility } from './eligibility.ts';
import { startRenewal } from './renewal.ts';
import type { AcmCertificate, AcmState, CertificateLifecycle, CertificateVersion, PendingOutcome } from './state.ts';

/** Days before expiry at which ACM attempts a managed renewal (the first one, then retries). */
export const MANAGED_RENEWAL_DAYS = [60, 45, 30, 15, 3, 1] as const;
/**
 * The attempts whose failure publishes `ACM Certificate Renewal Action Required`
 * (ACM User Guide: at 45 days before expiry, then 30, 15, 3 and 1 — not at the
 * first attempt at 60 days, nor for RenewCertificate).
 */
export const ACTION_REQUIRED_DAYS: readonly number[] = [45, 30, 15, 3, 1];
const DAY_MS = 86_400_000;

export function nextCertificateOccurrence(
  env: EmulatorEnv,
  region: string,
  acm: AcmState,
  certificate: AcmCertificate,
  nowMs: number,
): Occurrence | undefined {
  const key = `acm:${region}:${certificate.arn}`;
  const candidates: (Occurrence | undefined)[] = [
    announcement(env, region, certificate, certificate.issuance, `${key}:issuance`, nowMs),
    announcement(env, region, certificate, certificate.renewal, `${key}:renewal`, nowMs),
  ];
  const version = versionInEffect(certificate, nowMs);
  if (version) {
    const lifecycle: CertificateLifecycle =
      certificate.lifecycle?.serial === version.serial
        ? certificate.lifecycle
        : { serial: version.serial, renewalMarks: 0 };
    const update = (change: Partial<CertificateLifecycle>) => {
      certificate.lifecycle = { ...lifecycle, ...change };
    };
    candidates.push(
      renewalAttempt(env, region, certificate, version, lifecycle, update, `${key}:renewal-attempt`, nowMs),
      expiryNotice(env, region, acm, certificate, version, lifecycle, update, `${key}:expiry-notice`, nowMs),
      expiry(env, region, certificate, version, lifecycle, update, `${key}:expired`, nowMs),
    );
  }
  return earliest(candidates);
}

/**
 * The version the daily timeline follows: a renewal counts once it took
 * effect and was announced (its announcement switches the timeline, in time
 * order); until then the issued version does.
 */
function versionInEffect(certificate: AcmCertificate, nowMs: number): CertificateVersion | undefined {
  const { issuance, renewal } = certificate;
  if (renewal?.version && renewal.readyAt <= nowMs && renewal.announced !== false) return renewal.version;
  if (issuance.version && issuance.readyAt <= nowMs) return issuance.version;
  return undefined;
}

function announcement(
  env: EmulatorEnv,
  region: string,
  certificate: AcmCertificate,
  outcome: PendingOutcome | undefined,
  key: string,
  nowMs: number,
): Occurrence | undefined {
  if (!outcome || outcome.announced !== false || outcome.readyAt > nowMs) return undefined;
  return {
    at: outcome.readyAt,
    rank: OCCURRENCE_RANK.announcement,
    key,
    run: () => {
      outcome.announced = true;
      const action = outcome.action ?? 'ISSUANCE';
      if (outcome.version) {
        emitAcmEvent(
          env,
          region,
          certificate,
          'ACM Certificate Available',
          certificateAvailable(certificate, outcome.version, action, outcome.readyAt),
          outcome.readyAt,
        );
      } else if (
        action === 'RENEWAL' &&
        certificate.issuance.version &&
        outcome.managedAttemptDays !== undefined &&
        ACTION_REQUIRED_DAYS.includes(outcome.managedAttemptDays)
      ) {
        const reason = outcome.failureReason ?? 'OTHER';
        const detail = renewalActionRequired(certificate, certificate.issuance.version, reason, outcome.readyAt);
        emitAcmEvent(env, region, certificate, 'ACM Certificate Renewal Action Required', detail, outcome.readyAt);
      }
      // A failed issuance emits nothing: the certificate is FAILED, as DescribeCertificate says. Neither
      // does a failed first managed attempt (60 days) or RenewCertificate: RenewalSummary shows those.
    },
  };
}

function renewalAttempt(
  env: EmulatorEnv,
  region: string,
  certificate: AcmCertificate,
  version: CertificateVersion,
  lifecycle: CertificateLifecycle,
  update: (change: Partial<CertificateLifecycle>) => void,
  key: string,
  nowMs: number,
): Occurrence | undefined {
  // undefined past the last mark: no renewal attempt is left.
  const dueAt = (mark: number): number | undefined => {
    const days = MANAGED_RENEWAL_DAYS[mark];
    return days === undefined ? undefined : version.notAfter - days * DAY_MS;
  };
  let mark = lifecycle.renewalMarks;
  let due = dueAt(mark);
  if (due === undefined || due > nowMs) return undefined;
  // Retries that were all crossed collapse into the latest one (see the module comment).
  if (mark >= 1) {
    for (let later = dueAt(mark + 1); later !== undefined && later <= nowMs; later = dueAt(mark + 1)) {
      mark++;
      due = later;
    }
  }
  const at = due;
  return {
    at,
    rank: OCCURRENCE_RANK.renewalAttempt,
    key,
    run: async () => {
      update({ renewalMarks: mark + 1 });
      if (!eligibleForManagedRenewal(certificate, at)) return;
      await startRenewal(contextAt(env, region, at), certificate, MANAGED_RENEWAL_DAYS[mark]);
    },
  };
}

/**
 * ELIGIBLE (exported since issued or last renewed), and no renewal in progress
 * or requested since (a manual RenewCertificate counts).
 */
function eligibleForManagedRenewal(certificate: AcmCertificate, atMs: number): boolean {
  if (renewalEligibility(certificate, atMs) !== 'ELIGIBLE') return false;
  const renewal = certificate.renewal;
  if (renewal && (renewal.requestedAt >= atMs || renewal.readyAt > atMs)) return false;
  return true;
}

function expiryNotice(
  env: EmulatorEnv,
  region: string,
  acm: AcmState,
  certificate: AcmCertificate,
  version: CertificateVersion,
  lifecycle: CertificateLifecycle,
  update: (change: Partial<CertificateLifecycle>) => void,
  key: string,
  nowMs: number,
): Occurrence | undefined {
  const configured = acm.accountConfiguration.daysBeforeExpiry;
  let day = Math.min(configured, (lifecycle.expiryNoticeDay ?? configured + 1) - 1);
  const noticeAt = (d: number) => version.notAfter - d * DAY_MS;
  if (day < 1 || noticeAt(day) > nowMs) return undefined;
  // Only the latest crossed day is sent; none once the expiry itself was crossed.
  while (day > 1 && noticeAt(day - 1) <= nowMs) day--;
  const skipped = version.notAfter <= nowMs;
  return {
    at: noticeAt(day),
    rank: OCCURRENCE_RANK.expiryNotice,
    key,
    run: () => {
      update({ expiryNoticeDay: skipped ? 0 : day });
      if (!skipped)
        emitAcmEvent(
          env,
          region,
          certificate,
          'ACM Certificate Approaching Expiration',
          approachingExpiration(certificate, day),
          noticeAt(day),
        );
    },
  };
}

function expiry(
  env: EmulatorEnv,
  region: string,
  certificate: AcmCertificate,
  version: CertificateVersion,
  lifecycle: CertificateLifecycle,
  update: (change: Partial<CertificateLifecycle>) => void,
  key: string,
  nowMs: number,
): Occurrence | undefined {
  if (lifecycle.expiredAnnounced || version.notAfter > nowMs) return undefined;
  return {
    at: version.notAfter,
    rank: OCCURRENCE_RANK.expired,
    key,
    run: () => {
      update({ expiredAnnounced: true });
      emitAcmEvent(
        env,
        region,
        certificate,
        'ACM Certificate Expired',
        certificateExpired(certificate, version),
        version.notAfter,
      );
    },
  };
}

/** An operation context whose clock reads `atMs`: what ACM does at that instant, signed with that date. */
function contextAt(env: EmulatorEnv, region: string, atMs: number): OperationContext<unknown> {
  return {
    region,
    accountId: env.accountId,
    requestId: `scheduler-${atMs}`,
    // Time-driven work has no caller: nothing it does builds a URL from the origin.
    origin: 'http://localhost',
    state: env.stateOf('acm', region),
    env,
    now: () => new Date(atMs),
    nowMs: () => atMs,
    arn: (service, resource, options) => `arn:aws:${service}:${options?.region ?? region}:${env.accountId}:${resource}`,
    // AWS acting on its own (managed renewal) is not a caller IAM restricts.
    authorize: () => Promise.resolve(undefined),
  };
}
