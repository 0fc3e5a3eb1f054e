/**
 * The renewal rules (renewal-rules.json) as typed data, and the PutRule /
 * PutTargets inputs that install them in one region and account. The JSON
 * is the definition every deployer reads; this module only shapes it.
 */
import definitions from './renewal-rules.json' with { type: 'json' };

export interface RuleDefinition {
  name: string;
  description: string;
  eventPattern?: Record<string, unknown>;
  scheduleExpression?: string;
  targets: { id: string; function: string }[];
}

/** The functions the rules target, by name. */
export const RENEW_FUNCTION_NAME = 'pca-mtls-renew';
/**
 * The renew function's timeout (the stack's, and aws-local's when it runs the
 * handler): a sweep starts identities until `sweepReserveMs` before it, so a
 * shorter one leaves due identities to the next sweep.
 */
export const RENEW_FUNCTION_TIMEOUT_MS = 5 * 60_000;
export const EXPORT_FUNCTION_NAME = 'pca-mtls-export';

export const RENEWAL_RULES: readonly RuleDefinition[] = Object.freeze(definitions.rules as RuleDefinition[]);

export function lambdaArn(region: string, accountId: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}

/**
 * The EventBridge API inputs that create (or update) each rule and its targets.
 * With `eventQueueArn`, the event-pattern rules deliver to that SQS queue (the
 * stack's wiring: the renew function consumes it through an event source
 * mapping); schedule rules always invoke their function directly. Target ids
 * stay the JSON's, so installing again replaces a target instead of adding one.
 */
export function ruleInstallInputs(
  region: string,
  accountId: string,
  rules: readonly RuleDefinition[] = RENEWAL_RULES,
  options: { eventQueueArn?: string } = {},
) {
  return rules.map((rule) => ({
    putRule: {
      Name: rule.name,
      Description: rule.description,
      State: 'ENABLED' as const,
      ...(rule.eventPattern ? { EventPattern: JSON.stringify(rule.eventPattern) } : {}),
      ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
    },
    putTargets: {
      Rule: rule.name,
      Targets: rule.targets.map((target) => ({
        Id: target.id,
        Arn:
          rule.eventPattern && options.eventQueueArn !== undefined
            ? options.eventQueueArn
            : lambdaArn(region, accountId, target.function),
      })),
    },
  }));
}
