import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { resolveEventBus } from '../rules.ts';
import { eventBusNameOrArn, ruleName } from '../shapes.ts';
import type { EventsState } from '../state.ts';
import { ownEntry } from '../../core/own-keys.ts';

/**
 * Deletes a rule that has no targets. Deleting a rule that does not exist
 * succeeds (AWS: "all calls will succeed"); only an unknown bus is an error.
 * `Force` only matters for managed rules, which the emulator has none of.
 */
export default defineOperation<EventsState, { Name: string; EventBusName?: string; Force?: boolean }>({
  mutates: true,
  input: t.structure({ Name: t.required(ruleName()), EventBusName: eventBusNameOrArn(), Force: t.boolean() }),
  handle(input: { Name: string; EventBusName?: string; Force?: boolean }, ctx) {
    resolveEventBus(input.EventBusName, ctx);
    const rule = ownEntry(ctx.state.rules, input.Name);
    if (!rule) return {};
    if (rule.targets.length > 0) {
      throw new AwsError('ValidationException', "Rule can't be deleted since it has targets.");
    }
    delete ctx.state.rules[input.Name];
    return {};
  },
});
