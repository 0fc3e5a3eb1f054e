/**
 * SendMessage's checks, shared with SendMessageBatch and with EventBridge
 * deliveries to a queue: the body's characters, the size limit (body and
 * attributes), the attributes, and parameters a standard queue refuses.
 */
import { sqsErrors } from './errors.ts';
import {
  checkMessageAttributes,
  md5OfMessageAttributes,
  messageAttributesSize,
  type MessageAttributeInput,
} from './message-attributes.ts';
import { enqueue } from './messages.ts';
import type { SqsState, StoredQueue } from './state.ts';

export interface SendEntry {
  MessageBody: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, MessageAttributeInput>;
  MessageSystemAttributes?: Record<string, { DataType: string; StringValue?: string }>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

// XML 1.0's characters: what SQS accepts in a body.
const INVALID_BODY_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function sendToQueue(state: SqsState, queue: StoredQueue, entry: SendEntry, nowMs: number) {
  if (entry.MessageBody.length === 0) {
    throw sqsErrors.invalidParameter('The request must contain the parameter MessageBody.');
  }
  if (INVALID_BODY_CHARACTER.test(entry.MessageBody)) throw sqsErrors.invalidMessageContents();
  if (entry.MessageDeduplicationId !== undefined) {
    throw sqsErrors.invalidParameter(
      `Value ${entry.MessageDeduplicationId} for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.`,
    );
  }
  const attributes = checkMessageAttributes(entry.MessageAttributes);
  const size = Buffer.byteLength(entry.MessageBody) + messageAttributesSize(attributes);
  const limit = Number(queue.attributes.MaximumMessageSize);
  if (size > limit) {
    throw sqsErrors.invalidParameter(
      `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`,
    );
  }
  const traceHeader = entry.MessageSystemAttributes?.AWSTraceHeader;
  const unknownSystem = Object.keys(entry.MessageSystemAttributes ?? {}).find((name) => name !== 'AWSTraceHeader');
  if (unknownSystem) throw sqsErrors.invalidParameter(`Message system attribute name '${unknownSystem}' is invalid.`);
  const md5Attributes = attributes ? md5OfMessageAttributes(attributes) : undefined;
  const message = enqueue(
    state,
    queue,
    {
      body: entry.MessageBody,
      messageAttributes: attributes,
      md5OfMessageAttributes: md5Attributes,
      delaySeconds: entry.DelaySeconds,
      awsTraceHeader: traceHeader?.StringValue,
    },
    nowMs,
  );
  return { MessageId: message.messageId, MD5OfMessageBody: message.md5OfBody, MD5OfMessageAttributes: md5Attributes };
}
