import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireRule, resolveEventBus } from '../rules.ts';
import { eventBusNameOrArn, ruleName } from '../shapes.ts';
import type { EventsState } from '../state.ts';

/** Enables a rule: matching events reach its targets again. */
export default defineOperation<EventsState, { Name: string; EventBusName?: string }>({
  mutates: true,
  input: t.structure({ Name: t.required(ruleName()), EventBusName: eventBusNameOrArn() }),
  handle(input: { Name: string; EventBusName?: string }, ctx) {
    const bus = resolveEventBus(input.EventBusName, ctx);
    requireRule(ctx.state, input.Name, bus).state = 'ENABLED';
    return {};
  },
});
