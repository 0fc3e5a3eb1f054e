import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { checkAttributes } from '../queue-attributes.ts';
import { requireQueue } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

/** All or nothing; an empty RedrivePolicy removes the policy. */
export const SetQueueAttributes = defineOperation<SqsState, { QueueUrl: string; Attributes: Record<string, string> }>({
  mutates: true,
  input: t.structure({ QueueUrl: t.required(t.string()), Attributes: t.required(t.map(t.string())) }),
  handle(input: { QueueUrl: string; Attributes: Record<string, string> }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    const checked = checkAttributes(ctx.state, input.Attributes);
    for (const [name, value] of Object.entries(checked)) {
      if (name === 'RedrivePolicy' && value === '') delete queue.attributes.RedrivePolicy;
      else queue.attributes[name] = value;
    }
    queue.lastModifiedAtMs = ctx.nowMs();
    return {};
  },
});
