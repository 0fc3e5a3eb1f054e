import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { checkBatchEntries, perEntry } from '../batch.js';
import { sqsErrors } from '../errors.js';
import { MAX_MESSAGE_BYTES } from '../queue-attributes.js';
import { requireQueue } from '../queue-url.js';
import { sendToQueue, type SendEntry } from '../send.js';
import { sendEntryShape } from '../shapes.js';
import type { SqsState } from '../state.js';

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
