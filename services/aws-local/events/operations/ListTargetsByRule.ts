import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { paginate } from '../../core/paginate.js';
import { eventsPaging } from '../paging.js';
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
    const { items, nextToken: next } = paginate(
      rule.targets,
      { nextToken: input.NextToken, maxResults: input.Limit },
      eventsPaging('ListTargetsByRule'),
    );
    return { Targets: items, NextToken: next };
  },
});
