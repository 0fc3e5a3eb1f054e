/**
 * An SQS event source mapping's configuration, in the names and ranges of
 * Lambda's CreateEventSourceMapping: raw input → a validated, frozen config.
 */
import { randomUUID } from 'node:crypto';
import { functionArn, parseFunctionArn } from '../lambda-targets/registry.ts';
import { parseQueueArn } from '../sqs/queue-url.ts';

export interface EventSourceMappingInput {
  EventSourceArn: string;
  FunctionName: string;
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
  ScalingConfig?: { MaximumConcurrency?: number };
  FunctionResponseTypes?: string[];
  Enabled?: boolean;
}

export interface EventSourceMappingConfig {
  readonly uuid: string;
  readonly queue: { readonly region: string; readonly accountId: string; readonly name: string; readonly arn: string };
  /** What the registry resolves: the ARN or name as given. */
  readonly functionName: string;
  readonly functionArn: string;
  readonly batchSize: number;
  readonly batchingWindowMs: number;
  /** Concurrent invocations never exceed this (ScalingConfig.MaximumConcurrency, or Lambda's SQS ceiling). */
  readonly maximumConcurrency: number;
  readonly reportBatchItemFailures: boolean;
  readonly enabled: boolean;
}

/** Lambda's SQS batch size default and ceiling. */
export const DEFAULT_BATCH_SIZE = 10;
export const MAX_BATCH_SIZE = 10_000;
export const MAX_BATCHING_WINDOW_SECONDS = 300;
/** ScalingConfig.MaximumConcurrency's range. */
export const MIN_MAXIMUM_CONCURRENCY = 2;
export const MAX_MAXIMUM_CONCURRENCY = 1000;
/** Without ScalingConfig, Lambda scales an SQS mapping up to 1,250 concurrent invocations. */
export const DEFAULT_MAXIMUM_CONCURRENCY = 1250;

/** A mapping the control API or the options refused; `message` names the field. */
export class EventSourceMappingConfigError extends Error {
  override readonly name = 'EventSourceMappingConfigError';
  readonly code = 'INVALID_EVENT_SOURCE_MAPPING';
}

function integerIn(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new EventSourceMappingConfigError(`${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export function resolveEventSourceMapping(raw: unknown, accountId: string): EventSourceMappingConfig {
  const input = (raw ?? {}) as Partial<Record<keyof EventSourceMappingInput, unknown>>;
  const queue = typeof input.EventSourceArn === 'string' ? parseQueueArn(input.EventSourceArn) : undefined;
  if (!queue) throw new EventSourceMappingConfigError('EventSourceArn must be an SQS queue ARN');
  const name = input.FunctionName;
  if (typeof name !== 'string' || (!parseFunctionArn(name) && !/^[A-Za-z0-9_-]{1,64}$/.test(name))) {
    throw new EventSourceMappingConfigError('FunctionName must be a Lambda function name or ARN');
  }
  const batchSize = integerIn(input.BatchSize, 'BatchSize', 1, MAX_BATCH_SIZE, DEFAULT_BATCH_SIZE);
  const windowSeconds = integerIn(
    input.MaximumBatchingWindowInSeconds,
    'MaximumBatchingWindowInSeconds',
    0,
    MAX_BATCHING_WINDOW_SECONDS,
    0,
  );
  if (batchSize > 10 && windowSeconds < 1) {
    throw new EventSourceMappingConfigError('a BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1');
  }
  const scaling = (input.ScalingConfig ?? {}) as { MaximumConcurrency?: unknown };
  const maximumConcurrency = integerIn(
    scaling.MaximumConcurrency,
    'ScalingConfig.MaximumConcurrency',
    MIN_MAXIMUM_CONCURRENCY,
    MAX_MAXIMUM_CONCURRENCY,
    DEFAULT_MAXIMUM_CONCURRENCY,
  );
  const types = input.FunctionResponseTypes ?? [];
  if (!Array.isArray(types) || types.some((type) => type !== 'ReportBatchItemFailures')) {
    throw new EventSourceMappingConfigError("FunctionResponseTypes may only hold 'ReportBatchItemFailures'");
  }
  if (input.Enabled !== undefined && typeof input.Enabled !== 'boolean') {
    throw new EventSourceMappingConfigError('Enabled must be true or false');
  }
  return Object.freeze({
    uuid: randomUUID(),
    queue: Object.freeze({ ...queue, arn: input.EventSourceArn as string }),
    functionName: name,
    functionArn: parseFunctionArn(name) ? name : functionArn(queue.region, accountId, name),
    batchSize,
    batchingWindowMs: windowSeconds * 1000,
    maximumConcurrency,
    reportBatchItemFailures: types.length > 0,
    enabled: input.Enabled ?? true,
  });
}
