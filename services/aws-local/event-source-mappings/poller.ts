/**
 * The poller of one SQS event source mapping, as Lambda runs it: receive
 * batches (up to BatchSize, waiting up to the batching window to fill one),
 * invoke the registered handler with at most MaximumConcurrency invocations
 * at once, then delete what succeeded. A handler that throws (or times out,
 * or has no registration) returns the whole batch to the queue, where it
 * reappears after the visibility timeout; with ReportBatchItemFailures only
 * the listed messages do. Queue work runs in the operations' queue; waits
 * are on unref'ed timers and end on stop().
 */
import { invokeFunction } from '../lambda-targets/invoke.ts';
import type { LambdaRegistry } from '../lambda-targets/registry.ts';
import type { ChangeSignal } from '../protocol/poll-again.ts';
import type { EmulatorEnv } from '../protocol/service.ts';
import { countMessages, deleteByHandle, receive } from '../sqs/messages.ts';
import type { SqsState } from '../sqs/state.ts';
import type { EventSourceMappingConfig } from './config.ts';
import { failedMessageIds, sqsRecord, type SqsRecord } from './sqs-event.ts';

/** Longest an idle poller sleeps before looking again (state changes wake it sooner). */
export const POLLER_IDLE_MS = 100;
/** Messages one receive takes, as SQS allows. */
const RECEIVE_MAX = 10;

export interface PollerDependencies {
  env: EmulatorEnv;
  lambdas: LambdaRegistry;
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  changes: ChangeSignal;
  invocationTimeoutMs: number;
  log: { warn(fields: object, message: string): void; error(fields: object, message: string): void };
}

export interface PollerStats {
  invocations: number;
  failedInvocations: number;
  messagesDeleted: number;
  inFlight: number;
  /** Most invocations that ran at once: never above the mapping's MaximumConcurrency. */
  peakConcurrency: number;
  lastError?: string;
}

export class SqsPoller {
  readonly stats: PollerStats = {
    invocations: 0,
    failedInvocations: 0,
    messagesDeleted: 0,
    inFlight: 0,
    peakConcurrency: 0,
  };
  private stopped = false;
  /** Messages received into a batch that is still filling (busy, though no longer visible in the queue). */
  private holding = 0;
  readonly config: EventSourceMappingConfig;
  private readonly deps: PollerDependencies;

  /** True while a settle asked batching windows to end now (EventSourceMappings.endBatchingWindows). */
  private readonly windowsEnded: () => boolean;

  constructor(config: EventSourceMappingConfig, deps: PollerDependencies, windowsEnded: () => boolean = () => false) {
    this.config = config;
    this.deps = deps;
    this.windowsEnded = windowsEnded;
  }

  start(): void {
    void this.loop().catch((err) => this.deps.log.error({ err, mapping: this.config.uuid }, 'aws-local poller failed'));
  }

  stop(): void {
    this.stopped = true;
    this.deps.changes.notify();
  }

  /** Invocations running, plus 1 when the queue has messages waiting to be received. */
  busy(): number {
    const { region, name } = this.config.queue;
    const state = this.deps.env.stateOf<SqsState>('sqs', region);
    const queue = state.queues[name];
    const waiting = queue && !this.stopped ? countMessages(state, queue, this.deps.env.clock.nowMs()).visible : 0;
    return this.stats.inFlight + this.holding + (waiting > 0 ? 1 : 0);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.stats.inFlight >= this.config.maximumConcurrency) {
        await this.deps.changes.next(POLLER_IDLE_MS);
        continue;
      }
      const batch = await this.collectBatch();
      if (this.stopped) return;
      if (batch.length === 0) {
        await this.deps.changes.next(POLLER_IDLE_MS);
        continue;
      }
      void this.invoke(batch);
    }
  }

  /**
   * Up to BatchSize messages; with a batching window, waits (real time) for more until it is full or the window
   * ends. While windowsEnded() the window is over at once: the batch holds what the queue has now.
   */
  private async collectBatch(): Promise<SqsRecord[]> {
    const batch: SqsRecord[] = [];
    const windowEnds = Date.now() + this.config.batchingWindowMs;
    for (;;) {
      const got = await this.receive(Math.min(RECEIVE_MAX, this.config.batchSize - batch.length));
      batch.push(...got);
      this.holding = batch.length;
      if (this.stopped || batch.length >= this.config.batchSize) return batch;
      if (got.length > 0) continue;
      const remaining = windowEnds - Date.now();
      if (batch.length === 0 || remaining <= 0 || this.windowsEnded()) return batch;
      await this.deps.changes.next(Math.min(remaining, POLLER_IDLE_MS));
    }
  }

  private receive(max: number): Promise<SqsRecord[]> {
    const { env } = this.deps;
    const { region, name, arn } = this.config.queue;
    return this.deps.exclusive(async () => {
      const state = env.stateOf<SqsState>('sqs', region);
      const queue = state.queues[name];
      if (!queue || this.stopped) return [];
      const messages = receive(state, queue, { max }, env.clock.nowMs());
      if (messages.length === 0) return [];
      // Busy from the moment they are invisible: settle() must not see an idle poller while the state is saved.
      this.holding += messages.length;
      try {
        await env.store.save();
      } catch (err) {
        this.holding -= messages.length;
        throw err;
      }
      return messages.map((m) => sqsRecord(m, arn, region, env.accountId));
    });
  }

  private async invoke(batch: SqsRecord[]): Promise<void> {
    this.stats.inFlight++;
    this.holding = 0;
    this.stats.invocations++;
    this.stats.peakConcurrency = Math.max(this.stats.peakConcurrency, this.stats.inFlight);
    try {
      const failed = await this.failedIds(batch);
      if (this.stopped) return;
      const succeeded = batch.filter((record) => !failed.has(record.messageId));
      if (succeeded.length > 0) await this.delete(succeeded);
    } finally {
      this.stats.inFlight--;
      this.deps.changes.notify();
    }
  }

  private async failedIds(batch: SqsRecord[]): Promise<Set<string>> {
    const all = new Set(batch.map((r) => r.messageId));
    const resolved = this.deps.lambdas.resolve(this.config.functionArn);
    if ('reason' in resolved) return this.failure(resolved.reason, all);
    const outcome = await invokeFunction(
      resolved.fn,
      this.config.functionArn,
      { Records: batch },
      this.deps.invocationTimeoutMs,
    );
    if (!outcome.ok) return this.failure(outcome.error, all);
    return this.config.reportBatchItemFailures ? failedMessageIds(outcome.result, batch) : new Set();
  }

  private failure(error: string, all: Set<string>): Set<string> {
    this.stats.failedInvocations++;
    this.stats.lastError = error;
    this.deps.log.warn({ mapping: this.config.uuid, error }, 'aws-local event source mapping invocation failed');
    return all;
  }

  private delete(records: SqsRecord[]): Promise<void> {
    const { env } = this.deps;
    const { region, name } = this.config.queue;
    return this.deps.exclusive(async () => {
      const state = env.stateOf<SqsState>('sqs', region);
      const queue = state.queues[name];
      if (!queue || this.stopped) return;
      for (const record of records) {
        if (deleteByHandle(state, queue, record.receiptHandle)) this.stats.messagesDeleted++;
      }
      await env.store.save();
    });
  }
}
