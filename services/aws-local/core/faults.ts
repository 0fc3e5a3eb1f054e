import { AwsError, statusForErrorType } from './aws-error.ts';

/** A fault rule, as `POST /_aws-local/faults` takes it. */
export interface FaultRule {
  /** Service id (`acm`, `acm-pca`, `secretsmanager`, `ecs`, `events`), or `*`. */
  service: string;
  /** Operation name (`ExportCertificate`), or `*`. */
  operation: string;
  /** AWS error name to answer, e.g. `ThrottlingException`; omit for latency only. */
  error?: string;
  /** Probability (0..1) that a matching request is hit. */
  rate: number;
  /** How many requests may be hit in all; unbounded when omitted. */
  count?: number;
  /** Delay added to each hit request. */
  latencyMs?: number;
  /**
   * Something the hit request sets in motion goes wrong later, instead of (or
   * besides) an error now: `ecs-rollout-failure` makes the deployment an ECS
   * UpdateService starts fail its rollout (ecs/deployments.ts).
   */
  effect?: FaultEffect;
}

export const FAULT_EFFECTS = ['ecs-rollout-failure'] as const;
export type FaultEffect = (typeof FAULT_EFFECTS)[number];

interface ActiveFault extends FaultRule {
  id: number;
  hits: number;
}

export interface FaultOutcome {
  delayMs: number;
  error?: AwsError;
  /** Effects for the operation to carry out (OperationContext.injectedEffects). */
  effects: FaultEffect[];
}

const FAULT_MESSAGES: Record<string, string> = {
  ThrottlingException: 'Rate exceeded',
  InternalServiceError: 'An internal error occurred.',
  InternalFailure: 'The request processing has failed because of an unknown error.',
  ServiceUnavailable: 'Service is unavailable.',
};

/** Validates raw JSON into a rule; throws `RangeError` naming the bad field. */
export function parseFaultRule(raw: unknown): FaultRule {
  if (typeof raw !== 'object' || raw === null) throw new RangeError('a fault is a JSON object');
  const r = raw as Record<string, unknown>;
  const text = (name: string, required: boolean) => {
    const v = r[name];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.length === 0)
      throw new RangeError(`fault field '${name}' must be a non-empty string`);
    return v;
  };
  const service = text('service', true)!;
  const operation = text('operation', false) ?? '*';
  const error = text('error', false);
  const rate = r.rate ?? 1;
  if (typeof rate !== 'number' || rate < 0 || rate > 1)
    throw new RangeError("fault field 'rate' must be a number from 0 to 1");
  const count = r.count;
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1)) {
    throw new RangeError("fault field 'count' must be a positive integer");
  }
  const latencyMs = r.latencyMs;
  if (latencyMs !== undefined && (typeof latencyMs !== 'number' || latencyMs < 0 || latencyMs > 60_000)) {
    throw new RangeError("fault field 'latencyMs' must be a number from 0 to 60000");
  }
  const effect = text('effect', false);
  if (effect !== undefined && !(FAULT_EFFECTS as readonly string[]).includes(effect))
    throw new RangeError(`fault field 'effect' must be one of ${FAULT_EFFECTS.join(', ')}`);
  if (effect === 'ecs-rollout-failure' && service !== 'ecs')
    throw new RangeError("effect 'ecs-rollout-failure' applies to service 'ecs' (operation UpdateService)");
  if (!error && latencyMs === undefined && effect === undefined)
    throw new RangeError("a fault needs 'error', 'latencyMs' or 'effect'");
  return { service, operation, error, rate, count, latencyMs, ...(effect ? { effect: effect as FaultEffect } : {}) };
}

/** Injected failures and latency, matched per service and operation. */
export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): number {
    const id = this.nextId++;
    this.faults.push({ ...rule, id, hits: 0 });
    return id;
  }

  list(): ReadonlyArray<Readonly<ActiveFault>> {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }

  /** Decides what happens to one request; each matching rule is rolled once. */
  roll(service: string, operation: string): FaultOutcome {
    const outcome: FaultOutcome = { delayMs: 0, effects: [] };
    for (const fault of this.faults) {
      if (fault.service !== '*' && fault.service !== service) continue;
      if (fault.operation !== '*' && fault.operation !== operation) continue;
      if (fault.count !== undefined && fault.hits >= fault.count) continue;
      if (this.random() >= fault.rate) continue;
      fault.hits++;
      outcome.delayMs += fault.latencyMs ?? 0;
      if (fault.effect) outcome.effects.push(fault.effect);
      if (fault.error && !outcome.error) {
        const message = FAULT_MESSAGES[fault.error] ?? `Injected ${fault.error}`;
        outcome.error = new AwsError(fault.error, message, statusForErrorType(fault.error));
      }
    }
    return outcome;
  }
}
