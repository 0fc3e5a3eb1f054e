import { WaitTimeoutError } from './errors.ts';

export interface PollOptions {
  /** What we wait for, for the timeout message: "certificate arn:… to be ISSUED". */
  what: string;
  timeoutMs: number;
  /** First delay; it doubles up to `maxIntervalMs`, with jitter so many waiters do not align. */
  initialIntervalMs?: number;
  maxIntervalMs?: number;
}

const DEFAULT_INITIAL_INTERVAL_MS = 100;
const DEFAULT_MAX_INTERVAL_MS = 2_000;

/**
 * Calls `probe` until it returns a value other than `undefined`, backing off
 * exponentially with jitter; throws `WaitTimeoutError` when time runs out.
 * Errors from `probe` propagate: it decides what "not yet" means.
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, options: PollOptions): Promise<T> {
  const started = Date.now();
  let interval = options.initialIntervalMs ?? DEFAULT_INITIAL_INTERVAL_MS;
  const maxInterval = options.maxIntervalMs ?? DEFAULT_MAX_INTERVAL_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    const elapsed = Date.now() - started;
    if (elapsed >= options.timeoutMs) throw new WaitTimeoutError(options.what, elapsed);
    const jittered = interval / 2 + Math.random() * (interval / 2);
    await new Promise((resolve) => setTimeout(resolve, Math.min(jittered, options.timeoutMs - elapsed)));
    interval = Math.min(interval * 2, maxInterval);
  }
}
