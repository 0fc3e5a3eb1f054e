/**
 * The renewal queue as the CDK stack wires it (infra/constructs/renewal-wiring.ts),
 * installed into a running aws-local: an SQS queue for ACM's events with a
 * DLQ after MAX_RECEIVE_COUNT receives, through the real SQS API, and an
 * event source mapping from it to the renew function with the stack's batch
 * size, batching window, maximum concurrency and partial batch failures.
 * Installing again (a restart on the same state dir) reuses what is there.
 */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import {
  DLQ_RETENTION_SECONDS,
  MAX_RECEIVE_COUNT,
  QUEUE_BATCH_SIZE,
  QUEUE_BATCHING_WINDOW_SECONDS,
  QUEUE_MAX_CONCURRENCY,
  QUEUE_RETENTION_SECONDS,
  queueVisibilityTimeoutSeconds,
} from '../../infra/rules/renewal-queue.ts';
import { RENEW_FUNCTION_TIMEOUT_MS } from '../../infra/rules/renewal-rules.ts';
import type { EventSourceMappings } from '../../services/aws-local/event-source-mappings/registry.ts';
import { RENEWAL_QUEUE_NAME } from './local-names.ts';

export const RENEWAL_DLQ_NAME = 'pca-mtls-renewal-events-dlq';

/** The mapping's settings in CreateEventSourceMapping's names: the stack's SqsEventSource. */
export const RENEWAL_MAPPING_SETTINGS = Object.freeze({
  BatchSize: QUEUE_BATCH_SIZE,
  MaximumBatchingWindowInSeconds: QUEUE_BATCHING_WINDOW_SECONDS,
  ScalingConfig: Object.freeze({ MaximumConcurrency: QUEUE_MAX_CONCURRENCY }),
  FunctionResponseTypes: Object.freeze(['ReportBatchItemFailures']),
});

export interface InstalledRenewalQueue {
  queueUrl: string;
  queueArn: string;
  dlqUrl: string;
  mappingUuid: string;
  /** True when a mapping from this queue to the function with these settings was already running. */
  mappingReused: boolean;
}

/** Creates the queue, or (already there with other attributes: older settings) brings its attributes up to date. */
async function ensureQueue(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  try {
    return (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
  } catch (err) {
    if (!(err instanceof QueueNameExists)) throw err;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    return QueueUrl!;
  }
}

async function queueArnOf(sqs: SQSClient, queueUrl: string): Promise<string> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = out.Attributes?.QueueArn;
  if (!arn) throw new Error(`SQS answered no QueueArn for ${queueUrl}`);
  return arn;
}

/** The queue and its DLQ, as the stack declares them (SQS-managed encryption, retention, redrive). */
async function ensureQueues(sqs: SQSClient) {
  const encrypted = { SqsManagedSseEnabled: 'true' };
  const dlqUrl = await ensureQueue(sqs, RENEWAL_DLQ_NAME, {
    ...encrypted,
    MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS),
  });
  const redrive = { deadLetterTargetArn: await queueArnOf(sqs, dlqUrl), maxReceiveCount: MAX_RECEIVE_COUNT };
  const queueUrl = await ensureQueue(sqs, RENEWAL_QUEUE_NAME, {
    ...encrypted,
    MessageRetentionPeriod: String(QUEUE_RETENTION_SECONDS),
    VisibilityTimeout: String(queueVisibilityTimeoutSeconds(RENEW_FUNCTION_TIMEOUT_MS)),
    RedrivePolicy: JSON.stringify(redrive),
  });
  return { queueUrl, dlqUrl, queueArn: await queueArnOf(sqs, queueUrl) };
}

function hasRenewalSettings(mapping: ReturnType<EventSourceMappings['list']>[number]): boolean {
  const want = RENEWAL_MAPPING_SETTINGS;
  return (
    mapping.BatchSize === want.BatchSize &&
    mapping.MaximumBatchingWindowInSeconds === want.MaximumBatchingWindowInSeconds &&
    mapping.ScalingConfig.MaximumConcurrency === want.ScalingConfig.MaximumConcurrency &&
    mapping.FunctionResponseTypes.join() === want.FunctionResponseTypes.join()
  );
}

/**
 * The queue, its DLQ and the mapping to `functionArn`. A mapping from the
 * queue to the function that is already running is reused when its settings
 * are the stack's and replaced otherwise, so there is never a second poller.
 */
export async function installRenewalQueue(
  sqs: SQSClient,
  mappings: EventSourceMappings,
  functionArn: string,
): Promise<InstalledRenewalQueue> {
  const queues = await ensureQueues(sqs);
  const existing = mappings.list().filter((m) => m.EventSourceArn === queues.queueArn && m.FunctionArn === functionArn);
  const reusable = existing.find(hasRenewalSettings);
  for (const mapping of existing) if (mapping !== reusable) mappings.delete(mapping.UUID);
  const mapping =
    reusable ??
    mappings.create({
      ...RENEWAL_MAPPING_SETTINGS,
      EventSourceArn: queues.queueArn,
      FunctionName: functionArn,
      FunctionResponseTypes: [...RENEWAL_MAPPING_SETTINGS.FunctionResponseTypes],
    });
  return { ...queues, mappingUuid: mapping.UUID, mappingReused: reusable !== undefined };
}
