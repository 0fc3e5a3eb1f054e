import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireQueue } from '../queue-url.js';
import type { SqsState } from '../state.js';

export const ListQueueTags = defineOperation<SqsState, { QueueUrl: string }>({
  input: t.structure({ QueueUrl: t.required(t.string()) }),
  handle(input: { QueueUrl: string }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    return { Tags: Object.keys(queue.tags).length > 0 ? { ...queue.tags } : undefined };
  },
});
