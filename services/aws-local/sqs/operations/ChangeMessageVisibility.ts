import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { changeVisibility } from '../messages.js';
import { requireQueue } from '../queue-url.js';
import type { SqsState } from '../state.js';

export const ChangeMessageVisibility = defineOperation<
  SqsState,
  { QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number }
>({
  mutates: true,
  input: t.structure({
    QueueUrl: t.required(t.string()),
    ReceiptHandle: t.required(t.string()),
    VisibilityTimeout: t.required(t.integer({ min: 0, max: 43_200 })),
  }),
  handle(input: { QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    changeVisibility(ctx.state, queue, input.ReceiptHandle, input.VisibilityTimeout, ctx.nowMs());
    return {};
  },
});
