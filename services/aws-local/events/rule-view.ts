/** How DescribeRule and ListRules show a stored rule. */
import type { StoredRule } from './state.ts';

export function ruleView(rule: StoredRule) {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventPattern: rule.eventPattern,
    ScheduleExpression: rule.scheduleExpression,
    State: rule.state,
    Description: rule.description,
    RoleArn: rule.roleArn,
    EventBusName: rule.eventBusName,
  };
}
