import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { deleteByHandle } from '../messages.js';
import { requireQueue } from '../queue-url.js';
import type { SqsState } from '../state.js';

export const DeleteMessage = defineOperation<SqsState, { QueueUrl: string; ReceiptHandle: string }>({
  mutates: true,
  input: t.structure({ QueueUrl: t.required(t.string()), ReceiptHandle: t.required(t.string()) }),
  handle(input: { QueueUrl: string; ReceiptHandle: string }, ctx) {
    deleteByHandle(ctx.state, requireQueue(ctx, input.QueueUrl), input.ReceiptHandle);
    return {};
  },
});
