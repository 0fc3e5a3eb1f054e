import type { Logger } from '../../lib/logger.ts';
import type { AgentStatus } from './agent-status.ts';
import type { MaterialWorker } from './material-worker.ts';

/** Each wait is the interval ± this fraction, so a fleet started together does not poll in lockstep. */
export const WATCH_JITTER_FRACTION = 0.1;

export type CheckOutcome = 'unchanged' | 'rotated' | 'failed';

export interface Watcher {
  /** One check right now (tests and the first tick use it). */
  checkNow(): Promise<CheckOutcome>;
  /** Stops the loop; resolves after a check in progress has finished (never mid-swap). */
  stop(): Promise<void>;
}

export interface WatchOptions {
  /** `--watch-interval` in ms. */
  intervalMs: number;
  /** Does the check (Secrets Manager, verification, the swap); the watch only schedules and records. */
  worker: MaterialWorker;
  status: AgentStatus;
  logger: Logger;
  secretId: string;
  now: () => Date;
  random?: () => number;
}

/** The next wait: `interval × (1 ± jitter)`. */
export function jitteredInterval(intervalMs: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(intervalMs * (1 + WATCH_JITTER_FRACTION * (2 * random() - 1))));
}

/**
 * One check through the worker, its report applied to `status`. Never throws:
 * a failure is logged, counted on `status` and reported as 'failed'.
 */
async function checkOnce({ worker, status, now }: WatchOptions, log: Logger): Promise<CheckOutcome> {
  const inPlace = status.material;
  const report = await worker.check(inPlace);
  if (report.checkedAt) status.checked(report.checkedAt);
  if (report.outcome === 'rotated') status.materialWritten(report.material);
  if (report.outcome !== 'failed') return report.outcome;
  status.checkFailed(report.code, report.message, now());
  log.warn(
    { code: report.code, problem: report.message, serialInPlace: inPlace?.serial },
    'new material rejected or unreachable; the previous files stay in place',
  );
  return 'failed';
}

/**
 * Step 6: every `--watch-interval` ± jitter, a cheap DescribeSecret of the
 * identity and the trust bundle; when either's AWSCURRENT version differs
 * from the one in place, fetch, verify and swap. Anything wrong with the new
 * material (or AWS) keeps the old files, is logged and counted, and the next
 * tick tries again. One check at a time: a tick during a check joins it.
 */
export function startWatch(options: WatchOptions): Watcher {
  const random = options.random ?? Math.random;
  const log = options.logger.child({ component: 'watch', secretId: options.secretId });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight: Promise<CheckOutcome> | undefined;

  const checkNow = (): Promise<CheckOutcome> => {
    inFlight ??= checkOnce(options, log).finally(() => (inFlight = undefined));
    return inFlight;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void checkNow().then(schedule), jitteredInterval(options.intervalMs, random));
  };
  schedule();

  return {
    checkNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
