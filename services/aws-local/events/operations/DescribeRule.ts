import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireRule, resolveEventBus } from '../rules.ts';
import { ruleView } from '../rule-view.ts';
import { eventBusNameOrArn, ruleName } from '../shapes.ts';
import type { EventsState } from '../state.ts';

export default defineOperation<EventsState, { Name: string; EventBusName?: string }>({
  input: t.structure({ Name: t.required(ruleName()), EventBusName: eventBusNameOrArn() }),
  handle(input: { Name: string; EventBusName?: string }, ctx) {
    const bus = resolveEventBus(input.EventBusName, ctx);
    const rule = requireRule(ctx.state, input.Name, bus);
    return { ...ruleView(rule), CreatedBy: ctx.accountId };
  },
});
