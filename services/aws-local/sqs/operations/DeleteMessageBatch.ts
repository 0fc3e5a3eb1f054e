import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { checkBatchEntries, perEntry } from '../batch.ts';
import { deleteByHandle } from '../messages.ts';
import { requireQueue } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

type Entry = { Id: string; ReceiptHandle: string };

export const DeleteMessageBatch = defineOperation<SqsState, { QueueUrl: string; Entries: Entry[] }>({
  mutates: true,
  input: t.structure({
    QueueUrl: t.required(t.string()),
    Entries: t.required(t.list(t.structure({ Id: t.required(t.string()), ReceiptHandle: t.required(t.string()) }))),
  }),
  handle(input: { QueueUrl: string; Entries: Entry[] }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    checkBatchEntries(input.Entries);
    return perEntry(input.Entries, (entry) => {
      deleteByHandle(ctx.state, queue, entry.ReceiptHandle);
      return { Id: entry.Id };
    });
  },
});
