import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { sqsErrors } from '../errors.ts';
import { removeQueueMessages } from '../messages.ts';
import { requireQueue } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

/** "Only one PurgeQueue operation on a queue is allowed every 60 seconds." */
export const PURGE_INTERVAL_MS = 60_000;

export const PurgeQueue = defineOperation<SqsState, { QueueUrl: string }>({
  mutates: true,
  input: t.structure({ QueueUrl: t.required(t.string()) }),
  handle(input: { QueueUrl: string }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    const now = ctx.nowMs();
    if (queue.lastPurgedAtMs !== undefined && now - queue.lastPurgedAtMs < PURGE_INTERVAL_MS) {
      throw sqsErrors.purgeQueueInProgress(input.QueueUrl);
    }
    queue.lastPurgedAtMs = now;
    removeQueueMessages(ctx.state, queue.name);
    return {};
  },
});
