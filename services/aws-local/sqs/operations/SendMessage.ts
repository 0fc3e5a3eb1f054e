import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireQueue } from '../queue-url.js';
import { sendToQueue, type SendEntry } from '../send.js';
import { messageAttributeMapShape, systemAttributeMapShape } from '../shapes.js';
import type { SqsState } from '../state.js';

export const SendMessage = defineOperation<SqsState, SendEntry & { QueueUrl: string }>({
  mutates: true,
  input: t.structure({
    QueueUrl: t.required(t.string()),
    MessageBody: t.required(t.string()),
    DelaySeconds: t.integer({ min: 0, max: 900 }),
    MessageAttributes: messageAttributeMapShape(),
    MessageSystemAttributes: systemAttributeMapShape(),
    MessageDeduplicationId: t.string(),
    MessageGroupId: t.string(),
  }),
  handle(input: SendEntry & { QueueUrl: string }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    return sendToQueue(ctx.state, queue, input, ctx.nowMs());
  },
});
