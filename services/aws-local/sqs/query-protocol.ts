/**
 * SQS's AWS Query protocol (API version 2012-11-05): the wire names its Query
 * model gives members, as botocore's SQS model spelled them before SQS moved
 * to JSON (every list and map flattened: `Attribute.1.Name`,
 * `SendMessageBatchRequestEntry.2.Id`, repeated `<QueueUrl>` elements).
 */
import type { QueryProtocolDefinition } from '../protocol/query/definition.ts';

/** Members whose wire name is not their own, wherever they appear. */
const WIRE_NAMES: Readonly<Record<string, string>> = {
  // maps: the member's locationName, the name of each flattened entry
  Attributes: 'Attribute',
  MessageAttributes: 'MessageAttribute',
  MessageSystemAttributes: 'MessageSystemAttribute',
  Tags: 'Tag',
  tags: 'Tag',
  // flattened lists: the name of each element
  AttributeNames: 'AttributeName',
  MessageAttributeNames: 'MessageAttributeName',
  MessageSystemAttributeNames: 'MessageSystemAttributeName',
  TagKeys: 'TagKey',
  StringListValues: 'StringListValue',
  BinaryListValues: 'BinaryListValue',
  QueueUrls: 'QueueUrl',
  Messages: 'Message',
  Failed: 'BatchResultErrorEntry',
};

const NAME_VALUE = { key: 'Name', value: 'Value' } as const;
const KEY_VALUE = { key: 'Key', value: 'Value' } as const;
const MAP_ENTRIES: Readonly<Record<string, { key: string; value: string }>> = {
  Attributes: NAME_VALUE,
  MessageAttributes: NAME_VALUE,
  MessageSystemAttributes: NAME_VALUE,
  Tags: KEY_VALUE,
  tags: KEY_VALUE,
};

/** Operations whose Query response holds only ResponseMetadata. */
const WITHOUT_RESULT = new Set([
  'ChangeMessageVisibility',
  'DeleteMessage',
  'DeleteQueue',
  'PurgeQueue',
  'SetQueueAttributes',
  'TagQueue',
  'UntagQueue',
]);

export const sqsQueryProtocol: QueryProtocolDefinition = {
  version: '2012-11-05',
  xmlNamespace: 'http://queue.amazonaws.com/doc/2012-11-05/',
  wireName(operation, member) {
    // Batch entries are named after their operation: SendMessageBatchRequestEntry, DeleteMessageBatchResultEntry…
    if (member === 'Entries') return `${operation}RequestEntry`;
    if (member === 'Successful') return `${operation}ResultEntry`;
    return Object.hasOwn(WIRE_NAMES, member) ? WIRE_NAMES[member]! : member;
  },
  mapEntry: (member) => (Object.hasOwn(MAP_ENTRIES, member) ? MAP_ENTRIES[member] : undefined),
  hasResult: (operation) => !WITHOUT_RESULT.has(operation),
};
