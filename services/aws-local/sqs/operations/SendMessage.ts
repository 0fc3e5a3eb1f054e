import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireQueue } from '../queue-url.js';
import { sendToQueue, type SendEntry } from '../send.js';
import { sendMessageMembers } from '../shapes.js';
import type { SqsState } from '../state.js';

export const SendMessage = defineOperation<SqsState, SendEntry & { QueueUrl: string }>({
  mutates: true,
  input: t.structure({ QueueUrl: t.required(t.string()), ...sendMessageMembers() }),
  handle(input: SendEntry & { QueueUrl: string }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    return sendToQueue(ctx.state, queue, input, ctx.nowMs());
  },
});
