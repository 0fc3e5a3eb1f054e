import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireQueue } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

export const UntagQueue = defineOperation<SqsState, { QueueUrl: string; TagKeys: string[] }>({
  mutates: true,
  input: t.structure({ QueueUrl: t.required(t.string()), TagKeys: t.required(t.list(t.string())) }),
  handle(input: { QueueUrl: string; TagKeys: string[] }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    for (const key of input.TagKeys) delete queue.tags[key];
    return {};
  },
});
