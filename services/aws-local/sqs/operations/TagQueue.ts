import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireQueue } from '../queue-url.ts';
import type { SqsState } from '../state.ts';
import { checkTags } from '../tags.ts';

export const TagQueue = defineOperation<SqsState, { QueueUrl: string; Tags: Record<string, string> }>({
  mutates: true,
  input: t.structure({ QueueUrl: t.required(t.string()), Tags: t.required(t.map(t.string())) }),
  handle(input: { QueueUrl: string; Tags: Record<string, string> }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    queue.tags = checkTags(input.Tags, queue.tags);
    return {};
  },
});
