/**
 * Something time-driven that is due: a managed renewal attempt, an ACM
 * event, a schedule rule firing. Sources propose their earliest due
 * occurrence; the scheduler runs them one at a time in time order.
 */
export interface Occurrence {
  /** Shared-clock time the occurrence belongs to (events carry it as their `time`). */
  at: number;
  /** Tie-break at the same instant: lower runs first (see OCCURRENCE_RANK). */
  rank: number;
  /** Stable identity, for logs and ordering ties: `acm:REGION:ARN:renewal-attempt`. */
  key: string;
  /** Records that it happened (first), then does it; never runs twice. */
  run(): Promise<void> | void;
}

/** At one instant: outcomes are announced before new attempts start, notices before expiry, schedules last. */
export const OCCURRENCE_RANK = {
  announcement: 0,
  renewalAttempt: 1,
  expiryNotice: 2,
  expired: 3,
  schedule: 4,
} as const;

export function earliest(candidates: readonly (Occurrence | undefined)[]): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const c of candidates) {
    if (!c) continue;
    if (
      !best ||
      c.at < best.at ||
      (c.at === best.at && (c.rank < best.rank || (c.rank === best.rank && c.key < best.key)))
    )
      best = c;
  }
  return best;
}
