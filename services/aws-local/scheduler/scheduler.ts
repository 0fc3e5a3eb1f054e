/**
 * Time-driven work on the shared clock. ACM's managed renewals and events,
 * and schedule rule firings, happen when the clock passes their instant —
 * whether it moved by `POST /_aws-local/clock` or by real time (a tick every
 * second, on an unref'ed timer cleared on close). Each tick replays, in
 * time order, everything that became due since the last one; each
 * occurrence records that it ran in the state (so a restart or the next
 * tick never repeats it) and the state is saved once at the end. Ticks run
 * in the operations' queue, never interleaved with an operation, and never
 * wait for deliveries: the delivery worker carries those out afterwards.
 */
import type { AcmState } from '../acm/state.ts';
import { nextCertificateOccurrence } from '../acm/lifecycle.ts';
import { nextScheduleFiring } from '../events/scheduled-rules.ts';
import type { EventsState } from '../events/state.ts';
import type { LambdaRegistry } from '../lambda-targets/registry.ts';
import type { EmulatorEnv } from '../protocol/service.ts';
import { DeliveryWorker, type DeliveryOptions, type WorkerLog } from './delivery-worker.ts';
import { earliest, type Occurrence } from './occurrence.ts';

/** Real-time tick period: time-driven work follows the clock within a second. */
export const DEFAULT_TICK_INTERVAL_MS = 1_000;
/** A tick stops after this many occurrences (and saves); the next tick goes on. A guard, not a limit anyone should reach. */
export const MAX_OCCURRENCES_PER_TICK = 10_000;
export const DEFAULT_SETTLE_TIMEOUT_MS = 60_000;
/** How often settle() looks at other work (event source mappings) while it is busy. */
const OTHER_WORK_RECHECK_MS = 20;

export interface SchedulerDependencies {
  env: EmulatorEnv;
  lambdas: LambdaRegistry;
  delivery: DeliveryOptions;
  /** Runs work in the operations' one-at-a-time queue (Dispatcher.exclusive). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Wakes long polls after a delivery changed state outside an operation (Dispatcher.notifyChange). */
  notifyChange?: () => void;
  log: WorkerLog;
  /** 0 disables the real-time tick (time then moves only with POST /_aws-local/clock). */
  tickIntervalMs?: number;
  /** Other asynchronous work settle() waits for (event source mappings): 0 when idle. */
  otherBusy?: () => number;
}

export interface TickResult {
  /** Occurrences run, by key, in the order they ran. */
  ran: string[];
}

export class Scheduler {
  private readonly worker: DeliveryWorker;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private waiting: Promise<TickResult> | undefined;

  constructor(private readonly deps: SchedulerDependencies) {
    this.worker = new DeliveryWorker(deps.env, deps.lambdas, deps.delivery, deps.log, {
      env: deps.env,
      exclusive: (work) => deps.exclusive(work),
      notifyChange: () => deps.notifyChange?.(),
    });
  }

  start(): void {
    const interval = this.deps.tickIntervalMs ?? DEFAULT_TICK_INTERVAL_MS;
    if (interval <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.tick().catch((err) => this.deps.log.error({ err }, 'aws-local scheduler tick failed'));
    }, interval);
    // Deliveries a previous run left PENDING (a restart) go out with the first tick, once the
    // embedder has had the chance to register its handlers.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.worker.reset();
  }

  /** Forgets deliveries under way: the state they belong to was reset. */
  reset(): void {
    this.worker.reset();
  }

  /** Starts PENDING deliveries now (after PutEvents) rather than at the next tick. */
  deliverPending(): void {
    this.worker.scan();
  }

  /** Runs everything due now. Callers arriving while a tick waits to start share it. */
  tick(): Promise<TickResult> {
    if (this.waiting) return this.waiting;
    const run = this.chain.then(() => {
      // From here on the tick reads the clock: later callers need a tick of their own.
      this.waiting = undefined;
      return this.runTick();
    });
    this.waiting = run;
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs a tick, then waits until no delivery is PENDING (delivered or
   * dead-lettered). `settled` is false when `timeoutMs` ran out first.
   */
  async settle(timeoutMs = DEFAULT_SETTLE_TIMEOUT_MS): Promise<{ settled: boolean; pending: number }> {
    const deadline = Date.now() + timeoutMs;
    await this.tick();
    for (;;) {
      this.worker.scan();
      const other = this.deps.otherBusy?.() ?? 0;
      if (this.worker.busy === 0 && other === 0) return { settled: true, pending: 0 };
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { settled: false, pending: this.worker.busy + other };
      // Other work does not signal the worker: look again soon.
      await this.worker.nextChange(other > 0 ? Math.min(remaining, OTHER_WORK_RECHECK_MS) : remaining);
    }
  }

  private async runTick(): Promise<TickResult> {
    const { env } = this.deps;
    const ran = await this.deps.exclusive(async () => {
      const keys: string[] = [];
      const nowMs = env.clock.nowMs();
      const sources = this.sources(nowMs);
      for (
        let pick = earliestSource(sources);
        pick && keys.length < MAX_OCCURRENCES_PER_TICK;
        pick = earliestSource(sources)
      ) {
        const next = pick.due!;
        keys.push(next.key);
        try {
          await next.run();
        } catch (err) {
          // An emulator bug must not wedge the clock: the occurrence recorded itself before failing.
          this.deps.log.error({ err, occurrence: next.key }, 'aws-local scheduled work failed');
        }
        // Only the source whose work ran changed: asking every certificate again after each
        // occurrence made a tick quadratic (a 1,000-certificate renewal day took minutes).
        pick.due = pick.propose();
      }
      if (keys.length > 0) await env.store.save();
      return keys;
    });
    this.worker.scan();
    return { ran };
  }

  /** One source per certificate and per region's schedule rules, each with its earliest due occurrence. */
  private sources(nowMs: number): Source[] {
    const { env } = this.deps;
    const sources: Source[] = [];
    const add = (propose: () => Occurrence | undefined) => sources.push({ propose, due: propose() });
    for (const [region, services] of Object.entries(env.store.state.regions)) {
      const acm = services.acm as AcmState | undefined;
      for (const certificate of Object.values(acm?.certificates ?? {})) {
        add(() => nextCertificateOccurrence(env, region, acm!, certificate, nowMs));
      }
      const events = services.events as EventsState | undefined;
      if (events) add(() => nextScheduleFiring(env, region, events, nowMs));
    }
    return sources;
  }
}

/** Something that proposes due work (a certificate's lifecycle, a region's schedule rules) and its current proposal. */
interface Source {
  propose(): Occurrence | undefined;
  due: Occurrence | undefined;
}

function earliestSource(sources: readonly Source[]): Source | undefined {
  const first = earliest(sources.map((source) => source.due));
  return first && sources.find((source) => source.due === first);
}
