import { PcaMtlsError } from '../errors.ts';
import type { RenewalSummary } from './renewal-summary.ts';

/** A renewal that cannot be carried out; nothing was written for it. */
export class RenewalError extends PcaMtlsError {
  override name = 'RenewalError';
}

/** Renewal options that are out of range; `setting` names the option. */
export class RenewalOptionsError extends RenewalError {
  override name = 'RenewalOptionsError';
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super('BAD_RENEWAL_OPTIONS', `${setting} ${problem}`);
  }
}

/**
 * Some of the work failed in a way that may pass on a retry (throttling,
 * timeouts, 5xx). The renew function throws it after logging the summary,
 * so EventBridge delivers the event again; everything already done is kept
 * and not redone (versions are per serial, rolls claimed once).
 */
export class RenewalIncompleteError extends RenewalError {
  override name = 'RenewalIncompleteError';
  constructor(readonly summary: RenewalSummary) {
    const retryable = summary.failures.filter((f) => f.retryable);
    super(
      'RENEWAL_INCOMPLETE',
      `renewal incomplete, ${retryable.length} retryable failure${retryable.length === 1 ? '' : 's'} (${retryable
        .slice(0, 5)
        .map((f) => `${f.identity ?? f.certificateArn ?? 'all'}${f.service ? ` ${f.service}` : ''}: ${f.code}`)
        .join('; ')}); the event will be delivered again`,
    );
  }
}
