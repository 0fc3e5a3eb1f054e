import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireValidPattern } from '../pattern-errors.ts';
import { resolveEventBus, ruleArn } from '../rules.ts';
import { isValidScheduleExpression } from '../schedule-expression.ts';
import { eventBusNameOrArn, eventPattern, roleArn, RULE_STATES, ruleName } from '../shapes.ts';
import type { EventsState, RuleState } from '../state.ts';
import { ownEntry, setOwnEntry } from '../../core/own-keys.ts';

/** EventBridge's quota of rules per event bus. */
export const MAX_RULES_PER_BUS = 300;

interface PutRuleInput {
  Name: string;
  ScheduleExpression?: string;
  EventPattern?: string;
  State?: RuleState;
  Description?: string;
  RoleArn?: string;
  Tags?: { Key: string; Value: string }[];
  EventBusName?: string;
}

/**
 * Creates or replaces a rule. A replaced rule keeps its targets and tags (AWS
 * ignores Tags on update) but every other member is what this call says:
 * omitted members become empty, as AWS documents.
 */
export default defineOperation<EventsState, PutRuleInput>({
  mutates: true,
  input: t.structure({
    Name: t.required(ruleName()),
    ScheduleExpression: t.string({ max: 256 }),
    EventPattern: eventPattern(),
    State: t.string({ enum: RULE_STATES }),
    Description: t.string({ max: 512 }),
    RoleArn: roleArn(),
    Tags: t.list(
      t.structure({
        Key: t.required(t.string({ min: 1, max: 128 })),
        Value: t.required(t.string({ min: 0, max: 256 })),
      }),
    ),
    EventBusName: eventBusNameOrArn(),
  }),
  handle(input: PutRuleInput, ctx) {
    const bus = resolveEventBus(input.EventBusName, ctx);
    if (!input.EventPattern && !input.ScheduleExpression) {
      throw new AwsError('ValidationException', 'Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (input.ScheduleExpression && !isValidScheduleExpression(input.ScheduleExpression)) {
      throw new AwsError('ValidationException', 'Parameter ScheduleExpression is not valid.');
    }
    if (input.EventPattern) requireValidPattern(input.EventPattern);

    const existing = ownEntry(ctx.state.rules, input.Name);
    if (!existing) {
      const tags = input.Tags ?? [];
      if (new Set(tags.map((tag) => tag.Key)).size < tags.length) {
        throw new AwsError('ValidationException', 'Invalid parameter: Duplicated keys are not allowed.');
      }
      if (Object.keys(ctx.state.rules).length >= MAX_RULES_PER_BUS) {
        throw new AwsError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.');
      }
    }
    const rule = {
      name: input.Name,
      arn: ruleArn(ctx, input.Name),
      eventBusName: bus,
      eventPattern: input.EventPattern || undefined,
      scheduleExpression: input.ScheduleExpression || undefined,
      state: input.State ?? 'ENABLED',
      description: input.Description,
      roleArn: input.RoleArn,
      tags: existing?.tags ?? input.Tags ?? [],
      targets: existing?.targets ?? [],
      createdAt: existing?.createdAt ?? ctx.nowMs(),
    };
    setOwnEntry(ctx.state.rules, input.Name, rule);
    return { RuleArn: rule.arn };
  },
});
