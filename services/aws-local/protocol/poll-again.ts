/**
 * Long polling (SQS ReceiveMessage with WaitTimeSeconds): an operation that
 * has nothing to return yet answers `PollAgain` instead of blocking. The
 * dispatcher then releases the one-at-a-time queue, waits for a state change
 * (or a short recheck period), and runs the operation again until it returns
 * something or `waitMs` has passed, when it answers `emptyResult`.
 */
export class PollAgain {
  /** Real milliseconds to keep polling, from the first attempt. */
  readonly waitMs: number;
  /** What the caller gets when the wait ends with nothing. */
  readonly emptyResult: unknown;

  constructor(waitMs: number, emptyResult: unknown) {
    this.waitMs = waitMs;
    this.emptyResult = emptyResult;
  }
}

/** Longest a long poll sleeps between attempts without a wake-up: visibility timeouts expire on their own. */
export const POLL_RECHECK_MS = 200;

/** Wakes long polls when state may have changed (an operation mutated, a delivery enqueued). */
export class ChangeSignal {
  private readonly waiters = new Set<() => void>();

  notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves on the next notify() or after `timeoutMs`, whichever comes first. */
  next(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      this.waiters.add(done);
    });
  }
}
