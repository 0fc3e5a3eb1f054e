import { defineService } from '../protocol/service.js';
import { ChangeMessageVisibility } from './operations/ChangeMessageVisibility.js';
import { ChangeMessageVisibilityBatch } from './operations/ChangeMessageVisibilityBatch.js';
import { CreateQueue } from './operations/CreateQueue.js';
import { DeleteMessage } from './operations/DeleteMessage.js';
import { DeleteMessageBatch } from './operations/DeleteMessageBatch.js';
import { DeleteQueue } from './operations/DeleteQueue.js';
import { GetQueueAttributes } from './operations/GetQueueAttributes.js';
import { GetQueueUrl } from './operations/GetQueueUrl.js';
import { ListQueues } from './operations/ListQueues.js';
import { ListQueueTags } from './operations/ListQueueTags.js';
import { PurgeQueue } from './operations/PurgeQueue.js';
import { ReceiveMessage } from './operations/ReceiveMessage.js';
import { SendMessage } from './operations/SendMessage.js';
import { SendMessageBatch } from './operations/SendMessageBatch.js';
import { SetQueueAttributes } from './operations/SetQueueAttributes.js';
import { TagQueue } from './operations/TagQueue.js';
import { UntagQueue } from './operations/UntagQueue.js';
import { initialSqsState, type SqsState } from './state.js';
import { sqsAuthorization } from './authorization.js';
import { sqsQueryProtocol } from './query-protocol.js';

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
