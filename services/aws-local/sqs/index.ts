import { defineService } from '../protocol/service.ts';
import { ChangeMessageVisibility } from './operations/ChangeMessageVisibility.ts';
import { ChangeMessageVisibilityBatch } from './operations/ChangeMessageVisibilityBatch.ts';
import { CreateQueue } from './operations/CreateQueue.ts';
import { DeleteMessage } from './operations/DeleteMessage.ts';
import { DeleteMessageBatch } from './operations/DeleteMessageBatch.ts';
import { DeleteQueue } from './operations/DeleteQueue.ts';
import { GetQueueAttributes } from './operations/GetQueueAttributes.ts';
import { GetQueueUrl } from './operations/GetQueueUrl.ts';
import { ListQueues } from './operations/ListQueues.ts';
import { ListQueueTags } from './operations/ListQueueTags.ts';
import { PurgeQueue } from './operations/PurgeQueue.ts';
import { ReceiveMessage } from './operations/ReceiveMessage.ts';
import { SendMessage } from './operations/SendMessage.ts';
import { SendMessageBatch } from './operations/SendMessageBatch.ts';
import { SetQueueAttributes } from './operations/SetQueueAttributes.ts';
import { TagQueue } from './operations/TagQueue.ts';
import { UntagQueue } from './operations/UntagQueue.ts';
import { initialSqsState, type SqsState } from './state.ts';
import { sqsAuthorization } from './authorization.ts';
import { sqsQueryProtocol } from './query-protocol.ts';

/**
 * Amazon SQS, standard queues, over AWS JSON 1.0 (`X-Amz-Target: AmazonSQS.<Operation>`) and over the
 * AWS Query protocol (form-encoded `Action=<Operation>`, XML answers) that older clients speak.
 */
export const sqsService = defineService<SqsState>({
  id: 'sqs',
  targetPrefix: 'AmazonSQS',
  validationErrorType: 'InvalidParameterValue',
  jsonVersion: '1.0',
  queryCompatible: true,
  query: sqsQueryProtocol,
  initialState: initialSqsState,
  authorization: sqsAuthorization,
  operations: {
    ChangeMessageVisibility,
    ChangeMessageVisibilityBatch,
    CreateQueue,
    DeleteMessage,
    DeleteMessageBatch,
    DeleteQueue,
    GetQueueAttributes,
    GetQueueUrl,
    ListQueueTags,
    ListQueues,
    PurgeQueue,
    ReceiveMessage,
    SendMessage,
    SendMessageBatch,
    SetQueueAttributes,
    TagQueue,
    UntagQueue,
  },
});
