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

  constructor(private readonly deps: PollerDependencies) {}

  /** Validates and starts a mapping; throws EventSourceMappingConfigError naming the bad field. */
  create(input: unknown): EventSourceMappingView {
    const config = resolveEventSourceMapping(input, this.deps.env.accountId);
    const poller = new SqsPoller(config, this.deps);
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
