/**
 * The renew function behind an SQS event source mapping (ACM's events → the
 * EventBridge rule → a queue → batches): each record's body is one
 * EventBridge event. With ReportBatchItemFailures, the answer names the
 * messages to deliver again; the others are deleted.
 */

/** One SQS record as Lambda hands it (the fields used here). */
export interface SqsRecordLike {
  messageId: string;
  body: string;
  eventSource: 'aws:sqs';
}

export interface SqsBatchEvent {
  Records: SqsRecordLike[];
}

/** Lambda's partial batch response. */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** An SQS batch (every record from `aws:sqs`), as opposed to an EventBridge event invoked directly. */
export function isSqsBatch(event: unknown): event is SqsBatchEvent {
  const records = (event as { Records?: unknown } | null)?.Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every(
      (r) =>
        typeof r === 'object' &&
        r !== null &&
        (r as SqsRecordLike).eventSource === 'aws:sqs' &&
        typeof (r as SqsRecordLike).messageId === 'string' &&
        typeof (r as SqsRecordLike).body === 'string',
    )
  );
}

/** The record's EventBridge event, or undefined when the body is not JSON (no retry can fix that). */
export function eventOfRecord(record: SqsRecordLike): unknown {
  try {
    return JSON.parse(record.body) as unknown;
  } catch {
    return undefined;
  }
}
