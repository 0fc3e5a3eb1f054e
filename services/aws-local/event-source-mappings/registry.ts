/**
 * The emulator's SQS event source mappings: created from the options or the
 * control API, each with its own poller. Like registered Lambda handlers
 * they live in the process, not in the state: whoever embeds aws-local
 * creates them again after a restart.
 */
import { resolveEventSourceMapping, type EventSourceMappingConfig } from './config.ts';
import { SqsPoller, type PollerDependencies, type PollerStats } from './poller.ts';

export interface EventSourceMappingView {
  UUID: string;
  EventSourceArn: string;
  FunctionArn: string;
  BatchSize: number;
  MaximumBatchingWindowInSeconds: number;
  ScalingConfig: { MaximumConcurrency: number };
  FunctionResponseTypes: string[];
  State: 'Enabled' | 'Disabled';
  stats: PollerStats;
}

export class EventSourceMappings {
  private readonly pollers = new Map<string, SqsPoller>();
  private stopped = false;
  /** Settles that asked batching windows to end now and are still running. */
  private windowEnders = 0;
  private readonly deps: PollerDependencies;

  constructor(deps: PollerDependencies) {
    this.deps = deps;
  }

  /** Validates and starts a mapping; throws EventSourceMappingConfigError naming the bad field. */
  create(input: unknown): EventSourceMappingView {
    const config = resolveEventSourceMapping(input, this.deps.env.accountId);
    const poller = new SqsPoller(config, this.deps, () => this.windowEnders > 0);
    this.pollers.set(config.uuid, poller);
    if (config.enabled && !this.stopped) poller.start();
    return view(poller);
  }

  list(): EventSourceMappingView[] {
    return [...this.pollers.values()].map(view);
  }

  get(uuid: string): EventSourceMappingView | undefined {
    const poller = this.pollers.get(uuid);
    return poller ? view(poller) : undefined;
  }

  delete(uuid: string): boolean {
    const poller = this.pollers.get(uuid);
    poller?.stop();
    return this.pollers.delete(uuid);
  }

  /** Invocations running and queues with messages waiting, across mappings (settle waits for 0). */
  busy(): number {
    let busy = 0;
    for (const poller of this.pollers.values()) if (poller.config.enabled) busy += poller.busy();
    return busy;
  }

  /**
   * Until the returned function is called, every batching window (open now or opened meanwhile) ends at
   * once: a batch waiting for more messages is invoked with what the queue holds. For settle
   * `{"endBatchingWindows": true}`: a caller that waits for the work, not for the window.
   */
  endBatchingWindows(): () => void {
    this.windowEnders++;
    this.deps.changes.notify();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.windowEnders--;
    };
  }

  stopAll(): void {
    this.stopped = true;
    for (const poller of this.pollers.values()) poller.stop();
  }
}

function view(poller: SqsPoller): EventSourceMappingView {
  const c: EventSourceMappingConfig = poller.config;
  return {
    UUID: c.uuid,
    EventSourceArn: c.queue.arn,
    FunctionArn: c.functionArn,
    BatchSize: c.batchSize,
    MaximumBatchingWindowInSeconds: c.batchingWindowMs / 1000,
    ScalingConfig: { MaximumConcurrency: c.maximumConcurrency },
    FunctionResponseTypes: c.reportBatchItemFailures ? ['ReportBatchItemFailures'] : [],
    State: c.enabled ? 'Enabled' : 'Disabled',
    stats: { ...poller.stats },
  };
}
