/**
 * The queue engine, on the shared clock: send (with delay), receive (the
 * visibility timeout hides a received message; retention drops old ones;
 * a redrive policy moves a message received maxReceiveCount times to its
 * dead-letter queue instead of returning it again), delete and visibility
 * changes by the latest receipt handle. Operations and the event source
 * mapping poller both use it, always inside the operations' queue.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sqsErrors } from './errors.ts';
import { redrivePolicy, type QueueCounts } from './queue-attributes.ts';
import { parseQueueArn } from './queue-url.ts';
import { newReceiptHandle, parseReceiptHandle } from './receipt-handle.ts';
import {
  messageKey,
  type SqsState,
  type StoredMessage,
  type StoredMessageAttribute,
  type StoredQueue,
} from './state.ts';

export interface EnqueueInput {
  body: string;
  messageAttributes?: Record<string, StoredMessageAttribute>;
  md5OfMessageAttributes?: string;
  /** Overrides the queue's DelaySeconds. */
  delaySeconds?: number;
  awsTraceHeader?: string;
}

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export function enqueue(state: SqsState, queue: StoredQueue, input: EnqueueInput, nowMs: number): StoredMessage {
  const delaySeconds = input.delaySeconds ?? Number(queue.attributes.DelaySeconds ?? 0);
  const message: StoredMessage = {
    queueName: queue.name,
    messageId: randomUUID(),
    sequence: queue.nextSequence++,
    body: input.body,
    md5OfBody: md5Hex(input.body),
    sentAtMs: nowMs,
    visibleAtMs: nowMs + delaySeconds * 1000,
    receiveCount: 0,
  };
  if (input.messageAttributes) {
    message.messageAttributes = input.messageAttributes;
    message.md5OfMessageAttributes = input.md5OfMessageAttributes;
  }
  if (input.awsTraceHeader !== undefined) message.awsTraceHeader = input.awsTraceHeader;
  state.messages[messageKey(queue.name, message.messageId)] = message;
  return message;
}

/** The queue's messages in send order. */
export function queueMessages(state: SqsState, queueName: string): StoredMessage[] {
  return Object.values(state.messages).filter((m) => m.queueName === queueName);
}

/**
 * Receives up to `max` visible messages, hiding each for `visibilitySeconds`.
 * Expired messages are dropped and over-received ones redriven on the way.
 */
export function receive(
  state: SqsState,
  queue: StoredQueue,
  options: { max: number; visibilitySeconds?: number },
  nowMs: number,
): StoredMessage[] {
  const visibilityMs = (options.visibilitySeconds ?? Number(queue.attributes.VisibilityTimeout)) * 1000;
  const retentionMs = Number(queue.attributes.MessageRetentionPeriod) * 1000;
  const redrive = redrivePolicy(queue.attributes);
  const received: StoredMessage[] = [];
  for (const message of queueMessages(state, queue.name)) {
    if (received.length >= options.max) break;
    if (message.sentAtMs + retentionMs <= nowMs) {
      delete state.messages[messageKey(queue.name, message.messageId)];
      continue;
    }
    if (message.visibleAtMs > nowMs) continue;
    if (
      redrive &&
      message.receiveCount >= redrive.maxReceiveCount &&
      moveToDeadLetterQueue(state, queue, message, redrive.deadLetterTargetArn, nowMs)
    )
      continue;
    message.receiveCount++;
    message.firstReceivedAtMs ??= nowMs;
    message.visibleAtMs = nowMs + visibilityMs;
    message.receiptHandle = newReceiptHandle(queue.name, message.messageId);
    received.push(message);
  }
  return received;
}

/** False when the dead-letter queue no longer exists: the message then stays where it is, as in SQS. */
function moveToDeadLetterQueue(
  state: SqsState,
  source: StoredQueue,
  message: StoredMessage,
  deadLetterArn: string,
  nowMs: number,
): boolean {
  const target = parseQueueArn(deadLetterArn);
  const dlq = target ? state.queues[target.name] : undefined;
  if (!dlq) return false;
  delete state.messages[messageKey(source.name, message.messageId)];
  const moved: StoredMessage = {
    ...message,
    queueName: dlq.name,
    sequence: dlq.nextSequence++,
    visibleAtMs: nowMs,
    receiveCount: 0,
    deadLetterQueueSourceArn: source.arn,
  };
  delete moved.receiptHandle;
  delete moved.firstReceivedAtMs;
  state.messages[messageKey(dlq.name, moved.messageId)] = moved;
  return true;
}

/**
 * Deletes the message a receipt handle was issued for. A handle of an
 * already deleted message, or an older handle of a message received again,
 * succeeds without deleting anything, as SQS answers.
 */
export function deleteByHandle(state: SqsState, queue: StoredQueue, handle: string): boolean {
  const { queueName, messageId } = parseReceiptHandle(handle);
  if (queueName !== queue.name) throw sqsErrors.receiptHandleIsInvalid(handle);
  const key = messageKey(queueName, messageId);
  const message = state.messages[key];
  if (!message || message.receiptHandle !== handle) return false;
  delete state.messages[key];
  return true;
}

/** Changes an in-flight message's visibility: 0 makes it receivable at once. */
export function changeVisibility(
  state: SqsState,
  queue: StoredQueue,
  handle: string,
  timeoutSeconds: number,
  nowMs: number,
): void {
  const { queueName, messageId } = parseReceiptHandle(handle);
  if (queueName !== queue.name) throw sqsErrors.receiptHandleIsInvalid(handle);
  const message = state.messages[messageKey(queueName, messageId)];
  if (!message || message.receiptHandle !== handle || message.visibleAtMs <= nowMs)
    throw sqsErrors.messageNotInflight();
  message.visibleAtMs = nowMs + timeoutSeconds * 1000;
}

export function countMessages(state: SqsState, queue: StoredQueue, nowMs: number): QueueCounts {
  const counts: QueueCounts = { visible: 0, inFlight: 0, delayed: 0 };
  const retentionMs = Number(queue.attributes.MessageRetentionPeriod) * 1000;
  for (const message of queueMessages(state, queue.name)) {
    if (message.sentAtMs + retentionMs <= nowMs) continue;
    if (message.visibleAtMs <= nowMs) counts.visible++;
    else if (message.receiveCount > 0) counts.inFlight++;
    else counts.delayed++;
  }
  return counts;
}

export function removeQueueMessages(state: SqsState, queueName: string): number {
  const doomed = queueMessages(state, queueName);
  for (const message of doomed) delete state.messages[messageKey(queueName, message.messageId)];
  return doomed.length;
}
