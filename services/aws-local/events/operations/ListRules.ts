import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { paginate } from '../../core/paginate.js';
import { eventsPaging } from '../paging.js';
import { resolveEventBus } from '../rules.js';
import { ruleView } from '../rule-view.js';
import { eventBusNameOrArn, limitMax100, nextToken, ruleName } from '../shapes.js';
import type { EventsState } from '../state.js';

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
