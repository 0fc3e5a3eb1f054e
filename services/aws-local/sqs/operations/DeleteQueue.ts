import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { removeQueueMessages } from '../messages.ts';
import { requireQueue } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

/** Deletes the queue and its messages at once (SQS takes up to 60 seconds; the name is free again at once here). */
export const DeleteQueue = defineOperation<SqsState, { QueueUrl: string }>({
  mutates: true,
  input: t.structure({ QueueUrl: t.required(t.string()) }),
  handle(input: { QueueUrl: string }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    removeQueueMessages(ctx.state, queue.name);
    delete ctx.state.queues[queue.name];
    return {};
  },
});
