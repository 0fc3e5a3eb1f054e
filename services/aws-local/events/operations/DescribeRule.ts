import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireRule, resolveEventBus } from '../rules.js';
import { ruleView } from '../rule-view.js';
import { eventBusNameOrArn, ruleName } from '../shapes.js';
import type { EventsState } from '../state.js';

export default defineOperation<EventsState, { Name: string; EventBusName?: string }>({
  input: t.structure({ Name: t.required(ruleName()), EventBusName: eventBusNameOrArn() }),
  handle(input: { Name: string; EventBusName?: string }, ctx) {
    const bus = resolveEventBus(input.EventBusName, ctx);
    const rule = requireRule(ctx.state, input.Name, bus);
    return { ...ruleView(rule), CreatedBy: ctx.accountId };
  },
});
