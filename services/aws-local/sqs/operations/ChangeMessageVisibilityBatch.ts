import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { checkBatchEntries, perEntry } from '../batch.ts';
import { changeVisibility } from '../messages.ts';
import { requireQueue } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

type Entry = { Id: string; ReceiptHandle: string; VisibilityTimeout?: number };

export const ChangeMessageVisibilityBatch = defineOperation<SqsState, { QueueUrl: string; Entries: Entry[] }>({
  mutates: true,
  input: t.structure({
    QueueUrl: t.required(t.string()),
    Entries: t.required(
      t.list(
        t.structure({
          Id: t.required(t.string()),
          ReceiptHandle: t.required(t.string()),
          VisibilityTimeout: t.integer({ min: 0, max: 43_200 }),
        }),
      ),
    ),
  }),
  handle(input: { QueueUrl: string; Entries: Entry[] }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    checkBatchEntries(input.Entries);
    const now = ctx.nowMs();
    return perEntry(input.Entries, (entry) => {
      changeVisibility(ctx.state, queue, entry.ReceiptHandle, entry.VisibilityTimeout ?? 0, now);
      return { Id: entry.Id };
    });
  },
});
