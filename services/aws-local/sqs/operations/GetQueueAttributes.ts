import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { sqsErrors } from '../errors.ts';
import { countMessages } from '../messages.ts';
import { computedAttributes, knownAttributeNames } from '../queue-attributes.ts';
import { requireQueue } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

/** The attributes asked for (`All` for every one); counts are computed on the shared clock. */
export const GetQueueAttributes = defineOperation<SqsState, { QueueUrl: string; AttributeNames?: string[] }>({
  input: t.structure({ QueueUrl: t.required(t.string()), AttributeNames: t.list(t.string()) }),
  handle(input: { QueueUrl: string; AttributeNames?: string[] }, ctx) {
    const queue = requireQueue(ctx, input.QueueUrl);
    const requested = input.AttributeNames ?? [];
    const known = new Set(knownAttributeNames());
    for (const name of requested) if (name !== 'All' && !known.has(name)) throw sqsErrors.invalidAttributeName(name);
    if (requested.length === 0) return {};
    const all: Record<string, string> = {
      ...queue.attributes,
      ...computedAttributes(queue, countMessages(ctx.state, queue, ctx.nowMs())),
    };
    if (!all.RedrivePolicy) delete all.RedrivePolicy;
    const wanted = requested.includes('All') ? Object.keys(all) : requested;
    const Attributes = Object.fromEntries(Object.entries(all).filter(([name]) => wanted.includes(name)));
    return { Attributes };
  },
});
