import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireQueue } from '../queue-url.js';
import type { SqsState } from '../state.js';

export const UntagQueue = defineOperation<SqsState, { QueueUrl: string; TagKeys: string[] }>({
  mutates: true,
  input: t.structure({ QueueUrl: t.required(t.string()), TagKeys: t.required(t.list(t.string())) }),
  handle(input: { QueueUrl: string; TagKeys: string[] }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    for (const key of input.TagKeys) delete queue.tags[key];
    return {};
  },
});
