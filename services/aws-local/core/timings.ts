/**
 * Durations of AWS transitions that take time, in milliseconds of the shared
 * clock. Defaults are short so `npm start` stays quick; tests shorten or
 * lengthen them (`--timing acm.issue=5s`).
 */
export const DEFAULT_TIMINGS_MS = {
  /** ACM: PENDING_VALIDATION → ISSUED for a private certificate. */
  'acm.issue': 1_500,
  /** ACM: a public certificate's DNS validation, treated as done after this (then ISSUED). */
  'acm.validate': 1_500,
  /** ACM: right after RequestCertificate, DescribeCertificate answers ResourceNotFound. */
  'acm.visible': 200,
  /** ACM: RenewCertificate until the new certificate is in place. */
  'acm.renew': 1_500,
  /** Private CA: IssueCertificate until GetCertificate stops answering RequestInProgress. */
  'pca.issue': 300,
  /** ECS: a forced deployment until the new PRIMARY completes and the old one drains. */
  'ecs.rollout': 5_000,
} as const;

export type TimingName = keyof typeof DEFAULT_TIMINGS_MS;
export type Timings = Record<TimingName, number>;

const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses `5s`, `250ms`, `2m`, `1h` or a bare number of milliseconds. */
export function parseDurationMs(text: string): number {
  const [, amount, unit = 'ms'] = DURATION_PATTERN.exec(text.trim()) ?? [];
  const unitMs = UNIT_MS[unit];
  if (amount === undefined || unitMs === undefined) {
    throw new RangeError(`'${text}' is not a duration (examples: 250ms, 5s, 2m)`);
  }
  return Math.round(Number(amount) * unitMs);
}

export function resolveTimings(overrides: Partial<Record<string, number>> = {}): Timings {
  const timings: Timings = { ...DEFAULT_TIMINGS_MS };
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in timings)) {
      throw new RangeError(`unknown timing '${name}'; known: ${Object.keys(DEFAULT_TIMINGS_MS).join(', ')}`);
    }
    if (value === undefined || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`timing '${name}' must be a non-negative duration`);
    }
    timings[name as TimingName] = value;
  }
  return timings;
}

/** Parses `NAME=DURATION`, the form of the `--timing` flag. */
export function parseTimingFlag(flag: string): [TimingName, number] {
  const eq = flag.indexOf('=');
  if (eq < 1) throw new RangeError(`--timing takes NAME=DURATION, got '${flag}'`);
  const name = flag.slice(0, eq);
  const value = parseDurationMs(flag.slice(eq + 1));
  resolveTimings({ [name]: value });
  return [name as TimingName, value];
}
