import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireRule, resolveEventBus } from '../rules.ts';
import { eventBusNameOrArn, ruleName, target } from '../shapes.ts';
import type { EventsState, StoredTarget } from '../state.ts';
import { checkTargetInput } from '../target-checks.ts';

/** "Each rule can have up to five (5) targets associated with it at one time." */
export const MAX_TARGETS_PER_RULE = 5;

/**
 * Adds targets to a rule or replaces those with the same Id (in place, so
 * ListTargetsByRule keeps their order). All or nothing: more than five
 * targets in total is LimitExceededException for the whole call, as AWS
 * answers it, and nothing is added.
 */
export default defineOperation<EventsState, { Rule: string; EventBusName?: string; Targets: StoredTarget[] }>({
  mutates: true,
  input: t.structure({
    Rule: t.required(ruleName()),
    EventBusName: eventBusNameOrArn(),
    Targets: t.required(t.list(target(), { min: 1, max: 100 })),
  }),
  handle(input: { Rule: string; EventBusName?: string; Targets: StoredTarget[] }, ctx) {
    const bus = resolveEventBus(input.EventBusName, ctx);
    const rule = requireRule(ctx.state, input.Rule, bus);
    input.Targets.forEach(checkTargetInput);

    const ids = new Set([...rule.targets.map((x) => x.Id), ...input.Targets.map((x) => x.Id)]);
    if (ids.size > MAX_TARGETS_PER_RULE) {
      throw new AwsError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.');
    }
    for (const added of input.Targets) {
      const index = rule.targets.findIndex((existing) => existing.Id === added.Id);
      if (index >= 0) rule.targets[index] = added;
      else rule.targets.push(added);
    }
    return { FailedEntryCount: 0, FailedEntries: [] };
  },
});
