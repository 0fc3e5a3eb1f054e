import { RatePacer } from '../../lib/aws/rate-pacer.ts';
import { deadlineOf, type LambdaContext } from '../../lib/lambda-context.ts';
import type { Logger } from '../../lib/logger.ts';
import { mapWithConcurrency } from '../../lib/renewal/bounded-concurrency.ts';
import { renewCertificates } from '../../lib/renewal/renew-certificates.ts';
import type { RenewalClients } from '../../lib/renewal/renew-identity.ts';
import { RenewalIncompleteError } from '../../lib/renewal/errors.ts';
import { DEFAULT_RENEWAL_OPTIONS, type RenewalOptions } from '../../lib/renewal/renewal-options.ts';
import { metricFields } from '../../lib/renewal/renewal-metrics.ts';
import { summaryLogFields, type RenewalSummary } from '../../lib/renewal/renewal-summary.ts';
import { eventOfRecord, isSqsBatch, type SqsBatchEvent, type SqsBatchResponse } from './sqs-batch.ts';

export interface RenewHandlerDependencies {
  clients: RenewalClients;
  logger: Logger;
  options?: RenewalOptions;
  /** The clock renewal decides with; aws-local's when `pca-mtls local` runs the function. */
  now?: () => Date;
  /** Told every summary, an SQS record's included (a batch answers only its failures): for in-process embedders. */
  onSummary?: (summary: RenewalSummary) => void;
}

/** An SQS batch gets a partial batch response; anything else (an EventBridge event, a direct invoke) a summary. */
export interface RenewHandler {
  (event: SqsBatchEvent, context?: LambdaContext): Promise<SqsBatchResponse>;
  (event: unknown, context?: LambdaContext): Promise<RenewalSummary>;
}

/**
 * The renew Lambda: ACM events (directly from EventBridge, or in SQS batches
 * through an event source mapping) and the scheduled sweep in, a summary out
 * (returned and logged as one line with embedded metrics). Failures that a
 * retry may fix make a direct invocation fail after logging, so EventBridge
 * delivers again, and put a batch record into `batchItemFailures`, so SQS
 * does; failures that need a person (a disabled CA, an expired certificate)
 * are reported and count as handled: no retry storm.
 */
export function createRenewHandler(deps: RenewHandlerDependencies): RenewHandler {
  const rate = (deps.options ?? DEFAULT_RENEWAL_OPTIONS).exportRatePerSecond;
  // One pacer per function instance (container), shared by every invocation it serves.
  const pacer = rate > 0 ? new RatePacer(rate) : undefined;
  const paced: PacedDependencies = { ...deps, beforeExport: pacer && (() => pacer.take()) };
  return async function handler(
    event: unknown,
    context: LambdaContext = {},
  ): Promise<RenewalSummary | SqsBatchResponse> {
    const logger = deps.logger.child({ requestId: context.awsRequestId });
    // Stop starting work DEADLINE_MARGIN_MS before Lambda's timeout, so the summary is still logged and returned.
    const deadline = deadlineOf(context);
    if (isSqsBatch(event)) return handleBatch(paced, logger, event, deadline);
    const summary = await renewOne(paced, logger, event, deadline);
    if (summary.failures.some((f) => f.retryable)) throw new RenewalIncompleteError(summary);
    return summary;
  } as RenewHandler;
}

type PacedDependencies = RenewHandlerDependencies & { beforeExport?: () => Promise<void> };

async function renewOne(
  deps: PacedDependencies,
  logger: Logger,
  event: unknown,
  deadline: number | undefined,
): Promise<RenewalSummary> {
  const summary = await renewCertificates(
    { clients: deps.clients, logger, options: deps.options, now: deps.now, deadline, beforeExport: deps.beforeExport },
    event,
  );
  const fields = {
    ...summaryLogFields(summary),
    ...metricFields(
      {
        VersionsWritten: summary.versionsWritten.length,
        ServicesRolled: summary.servicesRolled.length,
        RenewalFailures: summary.failures.length,
      },
      { Trigger: summary.trigger },
    ),
  };
  if (summary.failures.length > 0) logger.warn(fields, 'renewal summary');
  else logger.info(fields, 'renewal summary');
  deps.onSummary?.(summary);
  return summary;
}

/**
 * Each record's event is handled as a direct invocation would be, a few at a
 * time (`identityConcurrency`); records not started before the deadline and
 * records with a retryable failure go back to the queue.
 */
async function handleBatch(
  deps: PacedDependencies,
  logger: Logger,
  batch: SqsBatchEvent,
  deadline: number | undefined,
): Promise<SqsBatchResponse> {
  const failed: string[] = [];
  const concurrency = (deps.options ?? DEFAULT_RENEWAL_OPTIONS).identityConcurrency;
  await mapWithConcurrency(batch.Records, concurrency, async (record) => {
    const log = logger.child({ messageId: record.messageId });
    if (deadline !== undefined && Date.now() >= deadline) {
      failed.push(record.messageId);
      return;
    }
    const event = eventOfRecord(record);
    if (event === undefined) {
      log.error({ bytes: record.body.length }, 'queue message is not JSON; dropped (check what sends to the queue)');
      return;
    }
    try {
      const summary = await renewOne(deps, log, event, deadline);
      if (summary.failures.some((f) => f.retryable)) failed.push(record.messageId);
    } catch (err) {
      log.error({ code: (err as { code?: string }).code ?? 'UNEXPECTED' }, 'queue message not handled; retried');
      failed.push(record.messageId);
    }
  });
  if (failed.length > 0) logger.warn({ records: batch.Records.length, failed: failed.length }, 'batch partly failed');
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
