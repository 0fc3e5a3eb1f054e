import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { checkBatchEntries, perEntry } from '../batch.ts';
import { sqsErrors } from '../errors.ts';
import { MAX_MESSAGE_BYTES } from '../queue-attributes.ts';
import { requireQueue } from '../queue-url.ts';
import { sendToQueue, type SendEntry } from '../send.ts';
import { sendEntryShape } from '../shapes.ts';
import type { SqsState } from '../state.ts';

type Entry = SendEntry & { Id: string };

/** Up to 10 messages, at most MAX_MESSAGE_BYTES of bodies in all; each entry succeeds or fails on its own. */
export const SendMessageBatch = defineOperation<SqsState, { QueueUrl: string; Entries: Entry[] }>({
  mutates: true,
  input: t.structure({ QueueUrl: t.required(t.string()), Entries: t.required(t.list(sendEntryShape())) }),
  handle(input: { QueueUrl: string; Entries: Entry[] }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    checkBatchEntries(input.Entries);
    const total = input.Entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody), 0);
    if (total > MAX_MESSAGE_BYTES) throw sqsErrors.batchTooLong(total, MAX_MESSAGE_BYTES);
    const now = ctx.nowMs();
    return perEntry(input.Entries, (entry) => ({ Id: entry.Id, ...sendToQueue(ctx.state, queue, entry, now) }));
  },
});
