/**
 * Queue attributes: the settable ones with SQS's defaults and ranges, the
 * redrive policy (checked against existing queues), and the computed ones
 * GetQueueAttributes adds. FIFO queues are not emulated.
 */
import { sqsErrors } from './errors.ts';
import { parseQueueArn } from './queue-url.ts';
import type { SqsState } from './state.ts';

/** Largest message SQS accepts (raised from 256 KiB to 1 MiB in 2025); also the default MaximumMessageSize. */
export const MAX_MESSAGE_BYTES = 1_048_576;

interface NumericRule {
  min: number;
  max: number;
  default: number;
}

const NUMERIC: Record<string, NumericRule> = {
  DelaySeconds: { min: 0, max: 900, default: 0 },
  MaximumMessageSize: { min: 1024, max: MAX_MESSAGE_BYTES, default: MAX_MESSAGE_BYTES },
  MessageRetentionPeriod: { min: 60, max: 1_209_600, default: 345_600 },
  ReceiveMessageWaitTimeSeconds: { min: 0, max: 20, default: 0 },
  VisibilityTimeout: { min: 0, max: 43_200, default: 30 },
  KmsDataKeyReusePeriodSeconds: { min: 60, max: 86_400, default: 300 },
};

/** Stored as given (policies are kept, not enforced). */
const VERBATIM = new Set(['Policy', 'KmsMasterKeyId', 'RedriveAllowPolicy', 'SqsManagedSseEnabled']);

/** Computed on read. */
const COMPUTED = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;

export const MAX_RECEIVE_COUNT_LIMIT = 1000;

export function defaultAttributes(): Record<string, string> {
  const out: Record<string, string> = { SqsManagedSseEnabled: 'true' };
  for (const [name, rule] of Object.entries(NUMERIC)) {
    if (name !== 'KmsDataKeyReusePeriodSeconds') out[name] = String(rule.default);
  }
  return out;
}

/** Validates attributes given to CreateQueue or SetQueueAttributes; returns them normalized. */
export function checkAttributes(state: SqsState, given: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const rule = NUMERIC[name];
    if (rule) {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < rule.min || n > rule.max) {
        throw sqsErrors.invalidAttributeValue(name, `Must be an integer from ${rule.min} to ${rule.max}.`);
      }
      out[name] = String(n);
    } else if (name === 'RedrivePolicy') {
      out[name] = value === '' ? '' : checkRedrivePolicy(state, value);
    } else if (name === 'FifoQueue' || name === 'ContentBasedDeduplication') {
      if (value !== 'false') throw sqsErrors.unsupported('aws-local emulates standard queues only (no FIFO).');
    } else if (VERBATIM.has(name)) {
      out[name] = value;
    } else {
      throw sqsErrors.invalidAttributeName(name);
    }
  }
  return out;
}

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

function checkRedrivePolicy(state: SqsState, text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw sqsErrors.invalidAttributeValue('RedrivePolicy', 'Redrive policy is not a valid JSON map.');
  }
  const policy = parsed as Partial<Record<keyof RedrivePolicy, unknown>> | null;
  const count = Number(policy?.maxReceiveCount);
  if (!Number.isInteger(count) || count < 1 || count > MAX_RECEIVE_COUNT_LIMIT) {
    throw sqsErrors.invalidAttributeValue(
      'RedrivePolicy',
      `Value for maxReceiveCount must be between 1 and ${MAX_RECEIVE_COUNT_LIMIT}.`,
    );
  }
  const target =
    typeof policy?.deadLetterTargetArn === 'string' ? parseQueueArn(policy.deadLetterTargetArn) : undefined;
  if (!target || !state.queues[target.name]) {
    throw sqsErrors.invalidAttributeValue('RedrivePolicy', 'Dead letter target does not exist.');
  }
  return JSON.stringify({ deadLetterTargetArn: policy!.deadLetterTargetArn, maxReceiveCount: count });
}

/** The queue's redrive policy, or undefined. */
export function redrivePolicy(attributes: Record<string, string>): RedrivePolicy | undefined {
  const text = attributes.RedrivePolicy;
  return text ? (JSON.parse(text) as RedrivePolicy) : undefined;
}

/** Names GetQueueAttributes accepts (`All` selects every one). */
export function knownAttributeNames(): string[] {
  return [...Object.keys(NUMERIC), ...VERBATIM, 'RedrivePolicy', ...COMPUTED];
}

export interface QueueCounts {
  visible: number;
  inFlight: number;
  delayed: number;
}

export function computedAttributes(
  queue: { arn: string; createdAtMs: number; lastModifiedAtMs: number },
  counts: QueueCounts,
): Record<(typeof COMPUTED)[number], string> {
  return {
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: String(Math.floor(queue.createdAtMs / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAtMs / 1000)),
    QueueArn: queue.arn,
  };
}
