import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { sqsErrors } from '../errors.js';
import { countMessages } from '../messages.js';
import { computedAttributes, knownAttributeNames } from '../queue-attributes.js';
import { requireQueue } from '../queue-url.js';
import type { SqsState } from '../state.js';

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
