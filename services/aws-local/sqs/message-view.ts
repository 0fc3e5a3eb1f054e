/**
 * What ReceiveMessage returns for a message: the system attributes asked for
 * (AttributeNames or MessageSystemAttributeNames, `All` for every one) and
 * the message attributes asked for, with the MD5 of those returned.
 */
import { md5OfMessageAttributes, selectMessageAttributes } from './message-attributes.ts';
import type { StoredMessage } from './state.ts';

export const SYSTEM_ATTRIBUTE_NAMES = [
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SentTimestamp',
  'SenderId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;

function systemAttributes(message: StoredMessage, accountId: string): Record<string, string | undefined> {
  return {
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp:
      message.firstReceivedAtMs === undefined ? undefined : String(message.firstReceivedAtMs),
    SentTimestamp: String(message.sentAtMs),
    SenderId: accountId,
    AWSTraceHeader: message.awsTraceHeader,
    DeadLetterQueueSourceArn: message.deadLetterQueueSourceArn,
  };
}

export function selectedSystemAttributes(
  message: StoredMessage,
  accountId: string,
  requested: readonly string[],
): Record<string, string> | undefined {
  if (requested.length === 0) return undefined;
  const all = requested.includes('All');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(systemAttributes(message, accountId))) {
    if (value !== undefined && (all || requested.includes(name))) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function receivedMessageView(
  message: StoredMessage,
  accountId: string,
  requested: { system: readonly string[]; message: readonly string[] | undefined },
) {
  const messageAttributes = selectMessageAttributes(message.messageAttributes, requested.message);
  const selected = messageAttributes
    ? Object.fromEntries(Object.entries(message.messageAttributes ?? {}).filter(([name]) => name in messageAttributes))
    : undefined;
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    Attributes: selectedSystemAttributes(message, accountId, requested.system),
    MD5OfMessageAttributes: selected ? md5OfMessageAttributes(selected) : undefined,
    MessageAttributes: messageAttributes,
  };
}
