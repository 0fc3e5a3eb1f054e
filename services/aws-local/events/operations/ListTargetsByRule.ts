import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { paginate } from '../../core/paginate.ts';
import { eventsPaging } from '../paging.ts';
import { requireRule, resolveEventBus } from '../rules.ts';
import { eventBusNameOrArn, limitMax100, nextToken, ruleName } from '../shapes.ts';
import type { EventsState } from '../state.ts';

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
