import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { sqsErrors } from '../errors.ts';
import { queueUrl } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

export const GetQueueUrl = defineOperation<SqsState, { QueueName: string; QueueOwnerAWSAccountId?: string }>({
  input: t.structure({ QueueName: t.required(t.string()), QueueOwnerAWSAccountId: t.string() }),
  handle(input: { QueueName: string; QueueOwnerAWSAccountId?: string }, ctx) {
    if (input.QueueOwnerAWSAccountId !== undefined && input.QueueOwnerAWSAccountId !== ctx.accountId)
      throw sqsErrors.queueDoesNotExist();
    if (!ctx.state.queues[input.QueueName]) throw sqsErrors.queueDoesNotExist();
    return { QueueUrl: queueUrl(ctx, input.QueueName) };
  },
});
