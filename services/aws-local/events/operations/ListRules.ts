import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { paginate } from '../../core/paginate.ts';
import { eventsPaging } from '../paging.ts';
import { resolveEventBus } from '../rules.ts';
import { ruleView } from '../rule-view.ts';
import { eventBusNameOrArn, limitMax100, nextToken, ruleName } from '../shapes.ts';
import type { EventsState } from '../state.ts';

interface ListRulesInput {
  NamePrefix?: string;
  EventBusName?: string;
  NextToken?: string;
  Limit?: number;
}

/** Rules of the bus in name order, optionally only those whose name starts with NamePrefix. */
export default defineOperation<EventsState, ListRulesInput>({
  input: t.structure({
    NamePrefix: ruleName(),
    EventBusName: eventBusNameOrArn(),
    NextToken: nextToken(),
    Limit: limitMax100(),
  }),
  handle(input: ListRulesInput, ctx) {
    resolveEventBus(input.EventBusName, ctx);
    const rules = Object.values(ctx.state.rules)
      .filter((rule) => rule.name.startsWith(input.NamePrefix ?? ''))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const { items, nextToken: next } = paginate(
      rules,
      { nextToken: input.NextToken, maxResults: input.Limit },
      eventsPaging('ListRules'),
    );
    return { Rules: items.map(ruleView), NextToken: next };
  },
});
