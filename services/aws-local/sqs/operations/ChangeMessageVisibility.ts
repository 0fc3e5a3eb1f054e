import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { changeVisibility } from '../messages.ts';
import { requireQueue } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

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
