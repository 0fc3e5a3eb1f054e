import { Duration } from 'aws-cdk-lib';
import { CfnRule, Rule, Schedule, type IRuleTarget } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DLQ_RETENTION_SECONDS,
  MAX_RECEIVE_COUNT,
  QUEUE_BATCH_SIZE,
  QUEUE_BATCHING_WINDOW_SECONDS,
  QUEUE_MAX_CONCURRENCY,
  QUEUE_RETENTION_SECONDS,
  queueVisibilityTimeoutSeconds,
} from '../rules/renewal-queue.ts';
import { RENEW_FUNCTION_NAME, RENEWAL_RULES, type RuleDefinition } from '../rules/renewal-rules.ts';
import { pinLogicalId } from './unit-role.ts';

/** EventBridge retries a failed target delivery this often within a day, then uses the DLQ. */
const TARGET_RETRY_ATTEMPTS = 8;

export interface RenewalWiringProps {
  readonly renewFunction: LambdaFunction;
  readonly failureDlq: IQueue;
  readonly rules?: readonly RuleDefinition[];
}

/**
 * The rules of infra/rules/renewal-rules.json in production form: ACM's
 * events go through an encrypted SQS queue (partial batch failures, a DLQ,
 * bounded concurrency) to the renew function; the sweep schedule invokes the
 * function directly.
 */
export class RenewalWiring extends Construct {
  readonly queue: Queue;
  readonly queueDlq: Queue;
  readonly rules: Rule[] = [];

  constructor(scope: Construct, id: string, props: RenewalWiringProps) {
    super(scope, id);
    const fn = props.renewFunction;
    this.queueDlq = new Queue(this, 'EventsDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.seconds(DLQ_RETENTION_SECONDS),
    });
    pinLogicalId(this.queueDlq, 'RenewalEventsDlq');
    this.queue = new Queue(this, 'Events', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(queueVisibilityTimeoutSeconds(fn.timeout!.toMilliseconds())),
      retentionPeriod: Duration.seconds(QUEUE_RETENTION_SECONDS),
      deadLetterQueue: { queue: this.queueDlq, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    pinLogicalId(this.queue, 'RenewalEventsQueue');
    fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: QUEUE_BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(QUEUE_BATCHING_WINDOW_SECONDS),
        maxConcurrency: QUEUE_MAX_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );
    for (const definition of props.rules ?? RENEWAL_RULES) this.rules.push(this.rule(definition, props));
  }

  private rule(definition: RuleDefinition, props: RenewalWiringProps): Rule {
    for (const target of definition.targets) {
      if (target.function !== RENEW_FUNCTION_NAME) {
        throw new Error(
          `rule ${definition.name} targets ${target.function}; the stack wires only ${RENEW_FUNCTION_NAME}`,
        );
      }
    }
    const targetOptions = { deadLetterQueue: props.failureDlq, retryAttempts: TARGET_RETRY_ATTEMPTS };
    const target: IRuleTarget = definition.eventPattern
      ? new SqsQueue(this.queue, targetOptions)
      : new LambdaTarget(props.renewFunction, targetOptions);
    const rule = new Rule(this, definition.name, {
      ruleName: definition.name,
      description: definition.description,
      ...(definition.scheduleExpression
        ? { schedule: Schedule.expression(definition.scheduleExpression) }
        : { eventPattern: { source: ['aws.acm'] } }),
      targets: [target],
    });
    // The JSON pattern is used as written ($or included), not re-expressed through the L2 types.
    if (definition.eventPattern) (rule.node.defaultChild as CfnRule).eventPattern = definition.eventPattern;
    pinLogicalId(rule, `${pascalCase(definition.name)}Rule`);
    return rule;
  }
}

/** `pca-mtls-acm-events` → `PcaMtlsAcmEvents`: a stable logical id from the rule's name. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
