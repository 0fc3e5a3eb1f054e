import { RenewalOptionsError } from './errors.ts';

/**
 * When and how hard renewal works. Defaults are named with their units;
 * `parseRenewalOptions` validates raw input (Lambda environment, CLI) into
 * one frozen object.
 */
export interface RenewalOptions {
  /** ACM certificates expiring within this many days that ACM has not renewed are renewed with RenewCertificate. */
  readonly acmRenewWithinDays: number;
  /** `pca` identities are re-issued once this fraction of their lifetime has passed. */
  readonly pcaRenewAtFraction: number;
  /** How long to wait for ACM's new serial after RenewCertificate. */
  readonly renewWaitMs: number;
  /** Identities a sweep works on at once. */
  readonly identityConcurrency: number;
  /** UpdateService calls in flight at once for one identity's services. */
  readonly rollConcurrency: number;
  /** A roll claimed this long ago whose services still run an older version was abandoned (Lambda's 15-minute limit). */
  readonly rollLeaseMs: number;
  /**
   * The sweep leaves a renewal ACM completed less than this long ago to its
   * `ACM Certificate Available` event, rather than racing the event for the
   * same export quota; a lost event is caught by the next sweep.
   */
  readonly eventGraceMs: number;
  /**
   * The sweep starts no further identity once less than this is left before
   * its deadline (the Lambda's remaining time less a margin); the next sweep
   * continues where it stopped. One identity's reconcile may wait up to
   * `renewWaitMs` for ACM, so keep this at least that.
   */
  readonly sweepReserveMs: number;
  /**
   * ExportCertificate calls per second per function instance, 0 for no
   * pacing: set it to the account's ExportCertificate quota divided by the
   * queue mapping's maximum concurrency, so concurrent instances share the
   * quota instead of throttling each other.
   */
  readonly exportRatePerSecond: number;
}

/** ACM's managed renewal of an exported private certificate starts this many days before it expires. */
export const ACM_MANAGED_RENEWAL_DAYS = 60;
/** ACM renews at 60 days and starts expiry events at 45: a certificate still unrenewed at 45 days needs us. */
export const ACM_RENEW_WITHIN_DAYS = 45;
/** `pca` identities renew at 2/3 of their lifetime (a 7-day certificate after about 4.7 days): no ACM renews them. */
export const PCA_RENEW_AT_FRACTION = 2 / 3;
export const RENEW_WAIT_MS = 60_000;
export const IDENTITY_CONCURRENCY = 4;
export const ROLL_CONCURRENCY = 5;
export const ROLL_LEASE_MS = 15 * 60_000;
export const EVENT_GRACE_MS = 10 * 60_000;
export const SWEEP_RESERVE_MS = 60_000;
/** Unpaced by default: the quota and the mapping's concurrency are the deployment's (see the README, "Scale and cost"). */
export const EXPORT_RATE_PER_SECOND = 0;

export const DEFAULT_RENEWAL_OPTIONS: RenewalOptions = Object.freeze({
  acmRenewWithinDays: ACM_RENEW_WITHIN_DAYS,
  pcaRenewAtFraction: PCA_RENEW_AT_FRACTION,
  renewWaitMs: RENEW_WAIT_MS,
  identityConcurrency: IDENTITY_CONCURRENCY,
  rollConcurrency: ROLL_CONCURRENCY,
  rollLeaseMs: ROLL_LEASE_MS,
  eventGraceMs: EVENT_GRACE_MS,
  sweepReserveMs: SWEEP_RESERVE_MS,
  exportRatePerSecond: EXPORT_RATE_PER_SECOND,
});

const RANGES: Record<keyof RenewalOptions, [number, number, boolean]> = {
  acmRenewWithinDays: [1, 59, true],
  pcaRenewAtFraction: [0.1, 0.95, false],
  renewWaitMs: [0, 900_000, true],
  identityConcurrency: [1, 50, true],
  rollConcurrency: [1, 50, true],
  rollLeaseMs: [60_000, 3_600_000, true],
  eventGraceMs: [0, 3_000_000, true],
  sweepReserveMs: [0, 600_000, true],
  exportRatePerSecond: [0, 1000, false],
};

/** Environment variable names for each option (the renew Lambda's configuration). */
export const RENEWAL_ENV: Record<keyof RenewalOptions, string> = {
  acmRenewWithinDays: 'PCA_MTLS_ACM_RENEW_WITHIN_DAYS',
  pcaRenewAtFraction: 'PCA_MTLS_PCA_RENEW_AT_FRACTION',
  renewWaitMs: 'PCA_MTLS_RENEW_WAIT_MS',
  identityConcurrency: 'PCA_MTLS_IDENTITY_CONCURRENCY',
  rollConcurrency: 'PCA_MTLS_ROLL_CONCURRENCY',
  rollLeaseMs: 'PCA_MTLS_ROLL_LEASE_MS',
  eventGraceMs: 'PCA_MTLS_EVENT_GRACE_MS',
  sweepReserveMs: 'PCA_MTLS_SWEEP_RESERVE_MS',
  exportRatePerSecond: 'PCA_MTLS_EXPORT_RATE_PER_SECOND',
};

export function parseRenewalOptions(raw: Partial<Record<keyof RenewalOptions, unknown>> = {}): RenewalOptions {
  const options: Record<string, number> = { ...DEFAULT_RENEWAL_OPTIONS };
  for (const [name, value] of Object.entries(raw)) {
    if (!(name in RANGES))
      throw new RenewalOptionsError(name, `is not a renewal option; known: ${Object.keys(RANGES).join(', ')}`);
    if (value === undefined || value === '') continue;
    const [min, max, integer] = RANGES[name as keyof RenewalOptions];
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new RenewalOptionsError(
        name,
        `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}; got '${typeof value === 'string' ? value : JSON.stringify(value)}'`,
      );
    }
    options[name] = n;
  }
  return Object.freeze(options) as unknown as RenewalOptions;
}

/** Options from the environment (`PCA_MTLS_RENEW_WAIT_MS=30000`, …); unset variables keep the defaults. */
export function renewalOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RenewalOptions {
  const raw: Partial<Record<keyof RenewalOptions, unknown>> = {};
  for (const [name, variable] of Object.entries(RENEWAL_ENV)) raw[name as keyof RenewalOptions] = env[variable];
  try {
    return parseRenewalOptions(raw);
  } catch (err) {
    if (err instanceof RenewalOptionsError) {
      throw new RenewalOptionsError(
        RENEWAL_ENV[err.setting as keyof RenewalOptions] ?? err.setting,
        err.message.slice(err.setting.length + 1),
      );
    }
    throw err;
  }
}
