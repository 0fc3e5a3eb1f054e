/**
 * The renewal path as the CDK stack wires it (infra/constructs/renewal-wiring.ts),
 * on the bench's aws-local: ACM's events rule → SQS queue (DLQ after
 * MAX_RECEIVE_COUNT receives) → event source mapping (the stack's batch size,
 * batching window, maximum concurrency, partial batch failures) → the renew
 * function, each instance pacing ExportCertificate at the stack's
 * PCA_MTLS_EXPORT_RATE_PER_SECOND. With `sweep`, the hourly sweep rule invokes
 * the function directly, as the stack does. Shared by bench:fleet and bench:renewal.
 */
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  EXPORT_RATE_PER_INSTANCE,
  MAX_RECEIVE_COUNT,
  QUEUE_BATCH_SIZE,
  QUEUE_BATCHING_WINDOW,
  QUEUE_MAX_CONCURRENCY,
  VISIBILITY_TIMEOUT_FACTOR,
} from '../../infra/constructs/renewal-wiring.js';
import {
  lambdaArn,
  RENEW_FUNCTION_NAME,
  RENEW_FUNCTION_TIMEOUT_MS,
  RENEWAL_RULES,
} from '../../infra/rules/renewal-rules.js';
import { createRenewHandler, type RenewHandler } from '../../lambdas/renew-certificate/handler.js';
import { createLogger } from '../../lib/logger.js';
import { parseRenewalOptions } from '../../lib/renewal/renewal-options.js';
import { AWS_DEFAULT_QUOTAS } from '../../services/aws-local/core/default-quotas.js';
import { CREDENTIALS, REGION, type World } from './world.js';

const silent = createLogger({ name: 'bench', level: process.env.BENCH_LOG_LEVEL ?? 'silent' });

/** ExportCertificate's rate in aws-local's default-quota table: the floor every renewal storm is measured against. */
export const EXPORT_QUOTA = AWS_DEFAULT_QUOTAS.find(
  (r) => r.service === 'acm' && r.operation === 'ExportCertificate',
)!.requestsPerSecond;

export const QUEUE_SETTINGS = {
  batchSize: QUEUE_BATCH_SIZE,
  batchingWindowSeconds: QUEUE_BATCHING_WINDOW.toSeconds(),
  maximumConcurrency: QUEUE_MAX_CONCURRENCY,
  exportRatePerInstance: EXPORT_RATE_PER_INSTANCE,
} as const;

export interface RenewalQueue {
  sqs: SQSClient;
  queueUrl: string;
  dlqUrl: string;
  /** Function instances created so far (Lambda starts one per concurrent invocation, then reuses it). */
  instances(): number;
  /** performance.now() of the first invocation (undefined before it). */
  firstInvocationAt(): number | undefined;
}

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return out.Attributes!.QueueArn!;
}

async function createQueues(sqs: SQSClient) {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'pca-mtls-renew-dlq' }));
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: 'pca-mtls-renew',
      Attributes: {
        VisibilityTimeout: String((RENEW_FUNCTION_TIMEOUT_MS / 1000) * VISIBILITY_TIMEOUT_FACTOR),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: await queueArn(sqs, dlq.QueueUrl!),
          maxReceiveCount: MAX_RECEIVE_COUNT,
        }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl!, dlqUrl: dlq.QueueUrl! };
}

/** Instances as Lambda runs them: an idle one serves the next invocation, a new one starts when none is idle. */
function registerFunction(world: World) {
  const options = parseRenewalOptions({ exportRatePerSecond: EXPORT_RATE_PER_INSTANCE });
  const idle: RenewHandler[] = [];
  let created = 0;
  let first: number | undefined;
  world.local.app.awsLocal.lambdas.register(
    RENEW_FUNCTION_NAME,
    async (event: unknown) => {
      first ??= performance.now();
      const instance =
        idle.pop() ??
        (created++, createRenewHandler({ clients: world.functionClients(), logger: silent, now: world.now, options }));
      try {
        return await instance(event, { getRemainingTimeInMillis: () => RENEW_FUNCTION_TIMEOUT_MS });
      } finally {
        idle.push(instance);
      }
    },
    { timeoutMs: RENEW_FUNCTION_TIMEOUT_MS },
  );
  return { instances: () => created, firstInvocationAt: () => first };
}

export async function wireRenewalQueue(world: World, options: { sweep: boolean }): Promise<RenewalQueue> {
  const sqs = new SQSClient({ endpoint: world.url, region: REGION, credentials: CREDENTIALS });
  const { queueUrl, dlqUrl } = await createQueues(sqs);
  const arn = await queueArn(sqs, queueUrl);
  const fn = registerFunction(world);
  const functionArn = lambdaArn(REGION, world.local.app.awsLocal.env.accountId, RENEW_FUNCTION_NAME);
  for (const rule of RENEWAL_RULES) {
    if (!rule.eventPattern && !options.sweep) continue;
    await world.clients.events.send(
      new PutRuleCommand({
        Name: rule.name,
        ...(rule.eventPattern ? { EventPattern: JSON.stringify(rule.eventPattern) } : {}),
        ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
      }),
    );
    const target = rule.eventPattern ? { Id: 'queue', Arn: arn } : { Id: 'sweep', Arn: functionArn };
    await world.clients.events.send(new PutTargetsCommand({ Rule: rule.name, Targets: [target] }));
  }
  world.local.app.awsLocal.eventSourceMappings.create({
    EventSourceArn: arn,
    FunctionName: RENEW_FUNCTION_NAME,
    BatchSize: QUEUE_SETTINGS.batchSize,
    MaximumBatchingWindowInSeconds: QUEUE_SETTINGS.batchingWindowSeconds,
    ScalingConfig: { MaximumConcurrency: QUEUE_SETTINGS.maximumConcurrency },
    FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
  return { sqs, queueUrl, dlqUrl, ...fn };
}

/** Until no message is waiting or in flight (the last batch answered): ACM's events are all handled. */
export async function drained(sqs: SQSClient, queueUrl: string): Promise<void> {
  for (;;) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const left =
      Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
    if (left === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function deadLetters(queue: RenewalQueue): Promise<number> {
  const out = await queue.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queue.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
}
