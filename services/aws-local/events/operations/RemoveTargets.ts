import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireRule, resolveEventBus } from '../rules.ts';
import { eventBusNameOrArn, ruleName, targetId } from '../shapes.ts';
import type { EventsState } from '../state.ts';

interface RemoveTargetsInput {
  Rule: string;
  EventBusName?: string;
  Ids: string[];
  Force?: boolean;
}

/** Removes the named targets; an Id the rule does not have is a failed entry, the others still go. */
export default defineOperation<EventsState, RemoveTargetsInput>({
  mutates: true,
  input: t.structure({
    Rule: t.required(ruleName()),
    EventBusName: eventBusNameOrArn(),
    Ids: t.required(t.list(targetId(), { min: 1, max: 100 })),
    Force: t.boolean(),
  }),
  handle(input: RemoveTargetsInput, ctx) {
    const bus = resolveEventBus(input.EventBusName, ctx);
    const rule = requireRule(ctx.state, input.Rule, bus);
    const failed: { TargetId: string; ErrorCode: string; ErrorMessage: string }[] = [];
    for (const id of input.Ids) {
      const index = rule.targets.findIndex((target) => target.Id === id);
      if (index >= 0) {
        rule.targets.splice(index, 1);
      } else {
        failed.push({
          TargetId: id,
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: `Rule '${rule.name}' does not have a target with the Id '${id}'.`,
        });
      }
    }
    return { FailedEntryCount: failed.length, FailedEntries: failed };
  },
});
