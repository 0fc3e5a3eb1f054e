/**
 * Carries out the PENDING deliveries the event bus records (events/bus.ts):
 * each matched target gets the event, asynchronously and concurrently, as
 * EventBridge delivers. A failed invocation (throw, rejection, timeout) is
 * retried with exponential backoff and jitter up to a bounded number of
 * attempts, then dead-lettered with the reason; a target no handler answers
 * for is dead-lettered at once. Every change is saved in the state, so
 * `GET /_aws-local/events` shows it and a restart resumes PENDING deliveries.
 */
import type { LambdaRegistry } from '../lambda-targets/registry.ts';
import { invokeFunction } from '../lambda-targets/invoke.ts';
import { targetPayload } from '../lambda-targets/target-payload.ts';
import type { EmulatorEnv } from '../protocol/service.ts';
import type { DeliveryRecord, EventsState, RecordedEvent } from '../events/state.ts';
import { isQueueArn, sendEventToQueue, type QueueTargetDependencies, type TargetOutcome } from './queue-target.ts';

export interface DeliveryOptions {
  /** Attempts per delivery, the first included (a target's RetryPolicy may lower it, never raise it). */
  maxAttempts: number;
  /** Backoff before the second attempt; doubles per attempt, with jitter, up to maxBackoffMs. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** An invocation running longer fails (Lambda's function timeout), unless the function was registered with its own. */
  invocationTimeoutMs: number;
}

/** Small on purpose: tests see a dead letter within a second. EventBridge itself retries for up to 24 hours. */
export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  maxAttempts: 3,
  initialBackoffMs: 100,
  maxBackoffMs: 5_000,
  invocationTimeoutMs: 60_000,
};

/** A delivery result larger than this is recorded as a note, not stored in the state file. */
const MAX_RECORDED_RESULT_BYTES = 64 * 1024;

export function resolveDeliveryOptions(overrides: Partial<DeliveryOptions> = {}): DeliveryOptions {
  const options = { ...DEFAULT_DELIVERY_OPTIONS, ...overrides };
  for (const [name, value] of Object.entries(options)) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`delivery option '${name}' must be a non-negative number`);
  }
  if (options.maxAttempts < 1) throw new RangeError("delivery option 'maxAttempts' must be at least 1");
  return Object.freeze(options);
}

export interface WorkerLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export class DeliveryWorker {
  private readonly active = new Set<DeliveryRecord>();
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private changeListeners: (() => void)[] = [];
  /** Bumped by reset/stop: loops from an older generation stop touching state. */
  private generation = 0;
  private readonly env: EmulatorEnv;
  private readonly lambdas: LambdaRegistry;
  private readonly options: DeliveryOptions;
  private readonly log: WorkerLog;
  private readonly queues: QueueTargetDependencies;
  /** The save the deliveries changed in this turn wait for (see save()). */
  private pendingSave: Promise<void> | undefined;

  constructor(
    env: EmulatorEnv,
    lambdas: LambdaRegistry,
    options: DeliveryOptions,
    log: WorkerLog,
    queues: QueueTargetDependencies,
  ) {
    this.env = env;
    this.lambdas = lambdas;
    this.options = options;
    this.log = log;
    this.queues = queues;
  }

  /** Starts every PENDING delivery that is not already under way. */
  scan(): void {
    for (const [region, services] of Object.entries(this.env.store.state.regions)) {
      const events = services.events as EventsState | undefined;
      for (const event of events?.events ?? []) {
        for (const delivery of event.deliveries ?? []) {
          if (delivery.status === 'PENDING' && !this.active.has(delivery)) this.start(region, event, delivery);
        }
      }
    }
  }

  /** Deliveries under way (running or waiting to retry). */
  get busy(): number {
    return this.active.size;
  }

  /** Resolves on the next delivery change, or after `timeoutMs`. */
  nextChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.changeListeners.push(done);
    });
  }

  /** Forgets the deliveries under way (the state they belong to was reset) and cancels their backoff. */
  reset(): void {
    this.generation++;
    this.active.clear();
    for (const sleep of this.sleeps) {
      clearTimeout(sleep.timer);
      sleep.wake();
    }
    this.sleeps.clear();
    this.changed();
  }

  private start(region: string, event: RecordedEvent, delivery: DeliveryRecord): void {
    this.active.add(delivery);
    const generation = this.generation;
    void this.deliver(region, event, delivery, generation)
      .catch((err) =>
        this.log.error(
          { err, rule: delivery.ruleName, target: delivery.targetId },
          'aws-local delivery failed unexpectedly',
        ),
      )
      .finally(() => {
        if (generation !== this.generation) return;
        this.active.delete(delivery);
        this.changed();
      });
  }

  private async deliver(
    region: string,
    event: RecordedEvent,
    delivery: DeliveryRecord,
    generation: number,
  ): Promise<void> {
    const target = event.matches
      .find((m) => m.ruleName === delivery.ruleName)
      ?.targets.find((t) => t.Id === delivery.targetId);
    const payload = target
      ? targetPayload(target, event.envelope as unknown as Record<string, unknown>)
      : { reason: 'the target is no longer recorded' };
    const resolved = this.resolveTarget(delivery.targetArn);
    if ('reason' in payload || 'reason' in resolved) {
      return this.finish(delivery, {
        status: 'DEAD_LETTER',
        deadLetterReason: 'reason' in payload ? payload.reason : (resolved as { reason: string }).reason,
      });
    }
    const retryPolicyAttempts = target?.RetryPolicy?.MaximumRetryAttempts;
    const maxAttempts = Math.min(
      this.options.maxAttempts,
      retryPolicyAttempts === undefined ? Infinity : retryPolicyAttempts + 1,
    );
    while (delivery.attempts < maxAttempts) {
      if (delivery.attempts > 0) {
        await this.sleep(this.backoffMs(delivery.attempts));
        if (generation !== this.generation) return;
      }
      const outcome = await resolved.invoke(payload.payload);
      if (generation !== this.generation) return;
      delivery.attempts++;
      if (outcome.ok)
        return this.finish(delivery, { status: 'SUCCEEDED', result: recordable(outcome.result), lastError: undefined });
      delivery.lastError = outcome.error;
      this.log.warn(
        {
          region,
          rule: delivery.ruleName,
          target: delivery.targetArn,
          attempt: delivery.attempts,
          error: outcome.error,
        },
        'aws-local delivery attempt failed',
      );
      await this.save();
    }
    await this.finish(delivery, {
      status: 'DEAD_LETTER',
      deadLetterReason: `failed ${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}; last error: ${delivery.lastError}`,
    });
  }

  /** A Lambda function with a registered handler, or an SQS queue (sent in the operations' queue). */
  private resolveTarget(
    targetArn: string,
  ): { invoke: (payload: unknown) => Promise<TargetOutcome> } | { reason: string } {
    if (isQueueArn(targetArn)) return { invoke: (payload) => sendEventToQueue(this.queues, targetArn, payload) };
    const resolved = this.lambdas.resolve(targetArn);
    if ('reason' in resolved) return resolved;
    return {
      invoke: (payload) => invokeFunction(resolved.fn, targetArn, payload, this.options.invocationTimeoutMs),
    };
  }

  private finish(delivery: DeliveryRecord, change: Partial<DeliveryRecord>): Promise<void> {
    Object.assign(delivery, change, { finishedAt: this.env.clock.nowMs() });
    if (delivery.result === undefined) delete delivery.result;
    if (delivery.lastError === undefined) delete delivery.lastError;
    if (delivery.status === 'DEAD_LETTER') {
      this.log.warn(
        { rule: delivery.ruleName, target: delivery.targetArn, reason: delivery.deadLetterReason },
        'aws-local delivery dead-lettered',
      );
    }
    return this.save();
  }

  private backoffMs(attemptsSoFar: number): number {
    const ceiling = Math.min(this.options.maxBackoffMs, this.options.initialBackoffMs * 2 ** (attemptsSoFar - 1));
    return ceiling / 2 + this.env.random() * (ceiling / 2);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => wake(), ms), wake: () => resolve() };
      const wake = () => {
        this.sleeps.delete(entry);
        resolve();
      };
      entry.timer.unref();
      this.sleeps.add(entry);
    });
  }

  /**
   * Saves after the current turn, once for every delivery that changed in it: a burst of deliveries (an
   * ACM renewal storm) is one write of the event log instead of one each, and each caller still resolves
   * only after a save that includes its change.
   */
  private save(): Promise<void> {
    this.changed();
    this.pendingSave ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.pendingSave = undefined;
      return this.env.store
        .save()
        .catch((err) => this.log.error({ err }, 'aws-local could not save the state after a delivery'));
    });
    return this.pendingSave;
  }

  private changed(): void {
    const listeners = this.changeListeners;
    this.changeListeners = [];
    for (const listener of listeners) listener();
  }
}

/** Results go into the state file and the control API: JSON only, bounded. */
function recordable(result: unknown): unknown {
  if (result === undefined) return undefined;
  let text: string;
  try {
    text = JSON.stringify(result);
  } catch {
    return { note: 'the function returned a value that is not JSON' };
  }
  if (text === undefined) return undefined;
  if (Buffer.byteLength(text) > MAX_RECORDED_RESULT_BYTES)
    return { note: `the function returned ${Buffer.byteLength(text)} bytes; not recorded` };
  return JSON.parse(text);
}
