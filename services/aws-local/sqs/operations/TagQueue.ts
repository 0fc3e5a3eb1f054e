import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireQueue } from '../queue-url.js';
import type { SqsState } from '../state.js';
import { checkTags } from '../tags.js';

export const TagQueue = defineOperation<SqsState, { QueueUrl: string; Tags: Record<string, string> }>({
  mutates: true,
  input: t.structure({ QueueUrl: t.required(t.string()), Tags: t.required(t.map(t.string())) }),
  handle(input: { QueueUrl: string; Tags: Record<string, string> }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    queue.tags = checkTags(input.Tags, queue.tags);
    return {};
  },
});
