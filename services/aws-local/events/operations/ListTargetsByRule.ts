import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { page } from '../paging.js';
import { requireRule, resolveEventBus } from '../rules.js';
import { eventBusNameOrArn, limitMax100, nextToken, ruleName } from '../shapes.js';
import type { EventsState } from '../state.js';

interface ListTargetsInput {
  Rule: string;
  EventBusName?: string;
  NextToken?: string;
  Limit?: number;
}

export default defineOperation<EventsState, ListTargetsInput>({
  input: t.structure({
    Rule: t.required(ruleName()),
    EventBusName: eventBusNameOrArn(),
    NextToken: nextToken(),
    Limit: limitMax100(),
  }),
  handle(input: ListTargetsInput, ctx) {
    const bus = resolveEventBus(input.EventBusName, ctx);
    const rule = requireRule(ctx.state, input.Rule, bus);
    const { items, nextToken: next } = page(rule.targets, input.NextToken, input.Limit);
    return { Targets: items, NextToken: next };
  },
});
