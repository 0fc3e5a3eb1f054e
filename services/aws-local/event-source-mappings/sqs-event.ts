/**
 * What Lambda's SQS poller hands a function (`{Records: [...]}`, one record
 * per message, eventSource `aws:sqs`) and how it reads the answer of a
 * function with ReportBatchItemFailures: the ids listed in
 * `batchItemFailures` failed; an answer that names no message of the batch
 * (or is malformed) fails the whole batch, as Lambda treats it.
 */
import type { StoredMessage } from '../sqs/state.ts';

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<
    string,
    {
      stringValue?: string;
      binaryValue?: string;
      stringListValues: string[];
      binaryListValues: string[];
      dataType: string;
    }
  >;
  md5OfBody: string;
  md5OfMessageAttributes?: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

export function sqsRecord(message: StoredMessage, queueArn: string, region: string, accountId: string): SqsRecord {
  const attributes: Record<string, string> = {
    ApproximateReceiveCount: String(message.receiveCount),
    SentTimestamp: String(message.sentAtMs),
    SenderId: accountId,
    ApproximateFirstReceiveTimestamp: String(message.firstReceivedAtMs ?? message.sentAtMs),
  };
  if (message.awsTraceHeader !== undefined) attributes.AWSTraceHeader = message.awsTraceHeader;
  const messageAttributes: SqsRecord['messageAttributes'] = {};
  for (const [name, a] of Object.entries(message.messageAttributes ?? {})) {
    messageAttributes[name] = {
      ...(a.StringValue !== undefined ? { stringValue: a.StringValue } : {}),
      ...(a.BinaryValueBase64 !== undefined ? { binaryValue: a.BinaryValueBase64 } : {}),
      stringListValues: [],
      binaryListValues: [],
      dataType: a.DataType,
    };
  }
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle ?? '',
    body: message.body,
    attributes,
    messageAttributes,
    md5OfBody: message.md5OfBody,
    ...(message.md5OfMessageAttributes !== undefined ? { md5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** The message ids that failed: all of them when the answer is not a valid partial batch response. */
export function failedMessageIds(response: unknown, batch: readonly SqsRecord[]): Set<string> {
  const all = new Set(batch.map((r) => r.messageId));
  if (response === undefined || response === null) return new Set();
  if (typeof response !== 'object') return all;
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return all;
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !all.has(id)) return all;
    failed.add(id);
  }
  return failed;
}
