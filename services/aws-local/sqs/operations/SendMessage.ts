import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireQueue } from '../queue-url.ts';
import { sendToQueue, type SendEntry } from '../send.ts';
import { sendMessageMembers } from '../shapes.ts';
import type { SqsState } from '../state.ts';

export const SendMessage = defineOperation<SqsState, SendEntry & { QueueUrl: string }>({
  mutates: true,
  input: t.structure({ QueueUrl: t.required(t.string()), ...sendMessageMembers() }),
  handle(input: SendEntry & { QueueUrl: string }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    return sendToQueue(ctx.state, queue, input, ctx.nowMs());
  },
});
