/**
 * SQS's errors: the JSON protocol's error name, AWS's wording, and the code
 * of the Query protocol SQS came from (answered in `x-amzn-query-error`,
 * which the SDK uses to pick the exception class).
 */
import { AwsError } from '../core/aws-error.ts';

const sender = (type: string, message: string, queryCode: string) => new AwsError(type, message, 400, queryCode);

export const sqsErrors = {
  queueDoesNotExist: () =>
    sender('QueueDoesNotExist', 'The specified queue does not exist.', 'AWS.SimpleQueueService.NonExistentQueue'),
  queueNameExists: (name: string) =>
    sender(
      'QueueNameExists',
      `A queue already exists with the same name and a different value for attribute(s) of ${name}`,
      'QueueAlreadyExists',
    ),
  invalidParameter: (message: string) => sender('InvalidParameterValue', message, 'InvalidParameterValue'),
  invalidAddress: (url: string) =>
    sender('InvalidAddress', `The address ${url} is not valid for this endpoint.`, 'InvalidAddress'),
  invalidAttributeName: (name: string) =>
    sender('InvalidAttributeName', `Unknown Attribute ${name}.`, 'InvalidAttributeName'),
  invalidAttributeValue: (name: string, reason: string) =>
    sender(
      'InvalidAttributeValue',
      `Invalid value for the parameter ${name}. Reason: ${reason}`,
      'InvalidAttributeValue',
    ),
  receiptHandleIsInvalid: (handle: string) =>
    sender(
      'ReceiptHandleIsInvalid',
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
      'ReceiptHandleIsInvalid',
    ),
  messageNotInflight: () =>
    sender(
      'MessageNotInflight',
      'The message referred to is not in flight.',
      'AWS.SimpleQueueService.MessageNotInflight',
    ),
  purgeQueueInProgress: (queueUrl: string) =>
    sender(
      'PurgeQueueInProgress',
      `Only one PurgeQueue operation on ${queueUrl} is allowed every 60 seconds.`,
      'AWS.SimpleQueueService.PurgeQueueInProgress',
    ),
  invalidMessageContents: () =>
    sender(
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
      'InvalidMessageContents',
    ),
  emptyBatch: () =>
    sender(
      'EmptyBatchRequest',
      'There should be at least one entry in the request.',
      'AWS.SimpleQueueService.EmptyBatchRequest',
    ),
  tooManyEntries: (count: number) =>
    sender(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${count}.`,
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    ),
  idsNotDistinct: (id: string) =>
    sender('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct'),
  invalidBatchEntryId: () =>
    sender(
      'InvalidBatchEntryId',
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      'AWS.SimpleQueueService.InvalidBatchEntryId',
    ),
  batchTooLong: (bytes: number, max: number) =>
    sender(
      'BatchRequestTooLong',
      `Batch requests cannot be longer than ${max} bytes. You have sent ${bytes} bytes.`,
      'AWS.SimpleQueueService.BatchRequestTooLong',
    ),
  unsupported: (message: string) =>
    sender('UnsupportedOperation', message, 'AWS.SimpleQueueService.UnsupportedOperation'),
};
