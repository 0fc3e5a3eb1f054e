/**
 * The renewal path as the CDK stack wires it (infra/constructs/renewal-wiring.ts),
 * on the bench's aws-local: ACM's events rule → SQS queue (DLQ after
 * MAX_RECEIVE_COUNT receives) → event source mapping (the stack's batch size,
 * batching window, maximum concurrency, partial batch failures) → the renew
 * function, each instance pacing ExportCertificate at the stack's
 * PCA_MTLS_EXPORT_RATE_PER_SECOND. With `sweep`, the hourly sweep rule invokes
 * the function directly, as the stack does. The pieces are `pca-mtls local`'s own
 * (cli/local-wiring), so the benches measure what the local command installs.
 * Shared by bench:fleet and bench:renewal.
 */
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { renewFunction } from '../../cli/local-wiring/renew-function.ts';
import { installRenewalQueue } from '../../cli/local-wiring/renewal-queue.ts';
import {
  EXPORT_RATE_PER_INSTANCE,
  QUEUE_BATCH_SIZE,
  QUEUE_BATCHING_WINDOW_SECONDS,
  QUEUE_MAX_CONCURRENCY,
} from '../../infra/rules/renewal-queue.ts';
import {
  lambdaArn,
  RENEW_FUNCTION_NAME,
  RENEW_FUNCTION_TIMEOUT_MS,
  RENEWAL_RULES,
  ruleInstallInputs,
} from '../../infra/rules/renewal-rules.ts';
import { createLogger } from '../../lib/logger.ts';
import { AWS_DEFAULT_QUOTAS } from '../../services/aws-local/core/default-quotas.ts';
import { CREDENTIALS, REGION, type World } from './world.ts';

const silent = createLogger({ name: 'bench', level: process.env.BENCH_LOG_LEVEL ?? 'silent' });

/** ExportCertificate's rate in aws-local's default-quota table: the floor every renewal storm is measured against. */
export const EXPORT_QUOTA = AWS_DEFAULT_QUOTAS.find(
  (r) => r.service === 'acm' && r.operation === 'ExportCertificate',
)!.requestsPerSecond;

export const QUEUE_SETTINGS = {
  batchSize: QUEUE_BATCH_SIZE,
  batchingWindowSeconds: QUEUE_BATCHING_WINDOW_SECONDS,
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

/**
 * The renew function, queue, DLQ, mapping and rules exactly as `pca-mtls local`
 * installs them (cli/local-wiring), with the bench's clients and clock; the
 * sweep rule only when `sweep`.
 */
export async function wireRenewalQueue(world: World, options: { sweep: boolean }): Promise<RenewalQueue> {
  const { lambdas, eventSourceMappings, env } = world.local.app.awsLocal;
  const renew = renewFunction({ clients: world.functionClients(), logger: silent, now: world.now });
  let first: number | undefined;
  lambdas.register(
    RENEW_FUNCTION_NAME,
    (event, context) => {
      first ??= performance.now();
      return renew.handler(event, context);
    },
    { timeoutMs: RENEW_FUNCTION_TIMEOUT_MS },
  );
  const sqs = new SQSClient({ endpoint: world.url, region: REGION, credentials: CREDENTIALS });
  const functionArn = lambdaArn(REGION, env.accountId, RENEW_FUNCTION_NAME);
  const queue = await installRenewalQueue(sqs, eventSourceMappings, functionArn);
  const rules = RENEWAL_RULES.filter((rule) => rule.eventPattern || options.sweep);
  for (const { putRule, putTargets } of ruleInstallInputs(REGION, env.accountId, rules, {
    eventQueueArn: queue.queueArn,
  })) {
    await world.clients.events.send(new PutRuleCommand(putRule));
    await world.clients.events.send(new PutTargetsCommand(putTargets));
  }
  return {
    sqs,
    queueUrl: queue.queueUrl,
    dlqUrl: queue.dlqUrl,
    instances: renew.instances,
    firstInvocationAt: () => first,
  };
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
