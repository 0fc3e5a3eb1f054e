import { AwsCallError } from './aws-call-error.ts';

/** Attempts at a throttled read after the SDK's own retries gave up. */
export const THROTTLE_ATTEMPTS = 6;
/** The first wait's ceiling; each further attempt doubles it (full jitter), up to THROTTLE_MAX_DELAY_MS. */
export const THROTTLE_BASE_DELAY_MS = 200;
export const THROTTLE_MAX_DELAY_MS = 5_000;

/**
 * Runs `work` again while it fails with AWS_THROTTLED, at most
 * THROTTLE_ATTEMPTS times, sleeping a random time up to an exponentially
 * growing ceiling ("full jitter"), so thousands of agents that started
 * together spread out instead of retrying in step (and sweeps that overlap
 * share ACM's ListCertificates quota of 1/s). Bounded: the last throttling
 * error is thrown.
 */
export async function retryThrottled<T>(
  work: () => Promise<T>,
  options: { random?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<T> {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof AwsCallError && err.code === 'AWS_THROTTLED') || attempt >= THROTTLE_ATTEMPTS) throw err;
      await sleep(random() * Math.min(THROTTLE_MAX_DELAY_MS, THROTTLE_BASE_DELAY_MS * 2 ** (attempt - 1)));
    }
  }
}
