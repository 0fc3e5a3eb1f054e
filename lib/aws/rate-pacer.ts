/**
 * Spaces calls to one API at most `ratePerSecond` per process: a renew
 * function instance that paces its ExportCertificate calls at the account
 * quota divided by the queue mapping's maximum concurrency never meets the
 * quota, so a storm of renewals is not a storm of throttled retries.
 */
export class RatePacer {
  private nextAt = 0;
  private readonly intervalMs: number;

  constructor(ratePerSecond: number) {
    if (!(ratePerSecond > 0)) throw new RangeError(`a pacer needs a positive rate, got ${ratePerSecond}`);
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** Resolves when the caller may send: slots are handed out in call order, one per interval. */
  async take(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
