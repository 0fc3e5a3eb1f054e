/**
 * The one clock every emulated service reads: certificate validity, ACM's
 * issuance delay, ECS rollouts, secret timestamps. It runs with real time plus
 * an offset that the control API moves forward, so a test can jump to an
 * expiry date without waiting. It never moves backwards: certificates issued
 * "in the future" would otherwise become not-yet-valid.
 */
export class Clock {
  private offsetMs: number;

  constructor(offsetMs = 0) {
    this.offsetMs = offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new RangeError('advanceSeconds must be a non-negative number of seconds');
    }
    this.offsetMs += seconds * 1000;
  }

  /** Back to real time (the control API's reset). */
  reset(): void {
    this.offsetMs = 0;
  }

  set(target: Date): void {
    const targetMs = target.getTime();
    if (Number.isNaN(targetMs)) throw new RangeError('now must be an ISO 8601 date-time');
    if (targetMs < this.nowMs()) {
      throw new RangeError(`the clock only moves forward; it already reads ${this.now().toISOString()}`);
    }
    this.offsetMs = targetMs - Date.now();
  }
}
