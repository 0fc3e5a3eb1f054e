import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireQueue } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

export const ListQueueTags = defineOperation<SqsState, { QueueUrl: string }>({
  input: t.structure({ QueueUrl: t.required(t.string()) }),
  handle(input: { QueueUrl: string }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    return { Tags: Object.keys(queue.tags).length > 0 ? { ...queue.tags } : undefined };
  },
});
