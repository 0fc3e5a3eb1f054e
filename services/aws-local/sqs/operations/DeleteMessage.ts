import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { deleteByHandle } from '../messages.ts';
import { requireQueue } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

export const DeleteMessage = defineOperation<SqsState, { QueueUrl: string; ReceiptHandle: string }>({
  mutates: true,
  input: t.structure({ QueueUrl: t.required(t.string()), ReceiptHandle: t.required(t.string()) }),
  handle(input: { QueueUrl: string; ReceiptHandle: string }, ctx) {
    deleteByHandle(ctx.state, requireQueue(ctx, input.QueueUrl), input.ReceiptHandle);
    return {};
  },
});
