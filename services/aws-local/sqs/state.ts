/**
 * What SQS keeps per region: queues by name and messages by
 * `QUEUE-NAME/MESSAGE-ID` (one flat collection, so a change to one message
 * never rewrites a queue's other messages in the state database). Plain
 * JSON; times are epoch milliseconds of the shared clock.
 */

/** A message attribute as SendMessage takes it and ReceiveMessage returns it (binary as base64). */
export interface StoredMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValueBase64?: string;
}

export interface StoredQueue {
  name: string;
  arn: string;
  createdAtMs: number;
  lastModifiedAtMs: number;
  /** Settable attributes as SQS stores them: strings, defaults filled in. */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  /** Next message's sequence number: receive order is send order. */
  nextSequence: number;
  /** PurgeQueue answers PurgeQueueInProgress for 60 seconds after a purge. */
  lastPurgedAtMs?: number;
}

export interface StoredMessage {
  queueName: string;
  messageId: string;
  sequence: number;
  body: string;
  md5OfBody: string;
  messageAttributes?: Record<string, StoredMessageAttribute>;
  md5OfMessageAttributes?: string;
  /** AWSTraceHeader, the one system attribute a sender may set. */
  awsTraceHeader?: string;
  sentAtMs: number;
  /** Receivable from this instant (after DelaySeconds, or when the visibility timeout ends). */
  visibleAtMs: number;
  receiveCount: number;
  firstReceivedAtMs?: number;
  /** The receipt handle of the latest receive; only it deletes or changes visibility. */
  receiptHandle?: string;
  /** Set when moved to a dead-letter queue: the source queue's ARN. */
  deadLetterQueueSourceArn?: string;
}

export interface SqsState {
  queues: Record<string, StoredQueue>;
  messages: Record<string, StoredMessage>;
}

export function initialSqsState(): SqsState {
  return { queues: {}, messages: {} };
}

export function messageKey(queueName: string, messageId: string): string {
  return `${queueName}/${messageId}`;
}
