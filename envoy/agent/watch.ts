import type { AgentStatus } from './agent-status.js';
import { fetchVerifyWrite, type AgentDependencies } from './bootstrap.js';
import type { AgentConfig } from './config.js';
import { describeAgentError } from './errors.js';
import { currentVersionId } from './fetch-material.js';
import type { Logger } from '../../lib/logger.js';

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
  config: AgentConfig;
  deps: AgentDependencies;
  status: AgentStatus;
  random?: () => number;
}

/** The next wait: `interval × (1 ± jitter)`. */
export function jitteredInterval(intervalMs: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(intervalMs * (1 + WATCH_JITTER_FRACTION * (2 * random() - 1))));
}

/** Fetch, verify and swap the new material in; throws whatever refused it (the old files stay). */
async function rotate({ config, deps, status }: WatchOptions, log: Logger): Promise<void> {
  const update = await fetchVerifyWrite(config, deps);
  status.materialWritten(update.material);
  log.info(
    {
      serial: update.material.serial,
      notAfter: update.material.notAfter.toISOString(),
      version: update.material.version,
    },
    'rotated: new material in place',
  );
}

/**
 * One check: the AWSCURRENT version of each secret against the one in place;
 * rotates when either moved. Never throws: a failure is logged, counted on
 * `status` and reported as 'failed'.
 */
async function checkOnce(options: WatchOptions, log: Logger): Promise<CheckOutcome> {
  const { config, deps, status } = options;
  const inPlace = status.material;
  try {
    const [identityVersion, trustVersion] = await Promise.all([
      currentVersionId(deps.clients, config.secretId),
      currentVersionId(deps.clients, config.trustSecretId),
    ]);
    status.checked(deps.now());
    if (inPlace && identityVersion === inPlace.identityVersionId && trustVersion === inPlace.trustVersionId)
      return 'unchanged';
    log.info(
      {
        from: inPlace?.identityVersionId,
        to: identityVersion,
        trustFrom: inPlace?.trustVersionId,
        trustTo: trustVersion,
      },
      'new secret version; rotating',
    );
    await rotate(options, log);
    return 'rotated';
  } catch (err) {
    const { code, message } = describeAgentError(err);
    status.checkFailed(code, message, deps.now());
    log.warn(
      { code, problem: message, serialInPlace: inPlace?.serial },
      'new material rejected or unreachable; the previous files stay in place',
    );
    return 'failed';
  }
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
  const log = options.deps.logger.child({ component: 'watch', secretId: options.config.secretId });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight: Promise<CheckOutcome> | undefined;

  const checkNow = (): Promise<CheckOutcome> => {
    inFlight ??= checkOnce(options, log).finally(() => (inFlight = undefined));
    return inFlight;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void checkNow().then(schedule), jitteredInterval(options.config.watchIntervalMs, random));
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
