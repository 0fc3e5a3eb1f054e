import { abortableClients } from '../../lib/aws/abortable-clients.ts';
import {
  isCustomResourceEvent,
  sendCustomResourceResponse,
  type CustomResourceEvent,
  type CustomResourceOutcome,
} from '../../lib/cloudformation/custom-resource-response.ts';
import { exportIdentity, type ExportClients, type ExportResult } from '../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../lib/identity/export-request.ts';
import { deadlineOf, type LambdaContext } from '../../lib/lambda-context.ts';
import type { Logger } from '../../lib/logger.ts';
import { carryOutCustomResource } from './custom-resource-request.ts';

export interface ExportHandlerDependencies {
  clients: ExportClients;
  logger: Logger;
  fetch?: typeof fetch;
  /** The clock certificates are checked against (aws-local's when run locally). */
  now?: () => Date;
}

const TIMEOUT_REASON = 'pca-mtls export did not finish before the Lambda timeout; raise the function timeout';

/**
 * The export Lambda: a direct invoke with an export request returns the
 * result (and fails with the typed error); a CloudFormation custom resource
 * event always gets a SUCCESS or FAILED answer at its ResponseURL.
 */
export function createExportHandler(deps: ExportHandlerDependencies) {
  return async function handler(event: unknown, context: LambdaContext = {}): Promise<ExportResult | void> {
    const logger = deps.logger.child({ requestId: context.awsRequestId });
    if (isCustomResourceEvent(event)) {
      await answerCustomResource(deps, logger, event, context);
      return;
    }
    const request = parseExportRequest((event ?? {}) as Record<string, unknown>);
    return exportIdentity({ clients: deps.clients, logger, now: deps.now }, request);
  };
}

/**
 * Answers CloudFormation whatever happens: the request's outcome, or FAILED
 * when it throws or is still running `DEADLINE_MARGIN_MS` before the Lambda
 * timeout. Work still running then is aborted (its AWS call in flight
 * cancelled, no further call made), so it cannot write anything after
 * CloudFormation was told the resource was not created.
 */
async function answerCustomResource(
  deps: ExportHandlerDependencies,
  logger: Logger,
  event: CustomResourceEvent,
  context: LambdaContext,
): Promise<void> {
  const log = logger.child({ requestType: event.RequestType, logicalResourceId: event.LogicalResourceId });
  // Whatever happens, CloudFormation must hear back: a placeholder id for a failed Create.
  const fallbackId = event.PhysicalResourceId ?? `pca-mtls-${event.LogicalResourceId}-not-created`;
  const abort = new AbortController();
  const clients = abortableClients(deps.clients, abort.signal);
  const work = carryOutCustomResource({ clients, now: deps.now }, log, event).then(
    (outcome) => outcome,
    (err: Error & { code?: string }): CustomResourceOutcome => {
      if (abort.signal.aborted) log.warn('custom resource work stopped at the deadline');
      else
        log.error({ err: { name: err.name, code: err.code, message: err.message } }, 'custom resource request failed');
      return { status: 'FAILED', physicalResourceId: fallbackId, reason: `${err.code ?? err.name}: ${err.message}` };
    },
  );
  const outcome = await beforeDeadline(work, deadlineOf(context), (): CustomResourceOutcome => {
    abort.abort();
    return { status: 'FAILED', physicalResourceId: fallbackId, reason: TIMEOUT_REASON };
  });
  await sendCustomResourceResponse(event, outcome, deps.fetch);
  log.info({ status: outcome.status, physicalResourceId: outcome.physicalResourceId }, 'answered CloudFormation');
}

/** `work`'s value, or `atDeadline()`'s when `deadline` (epoch ms; undefined: none) comes first. */
async function beforeDeadline<T>(work: Promise<T>, deadline: number | undefined, atDeadline: () => T): Promise<T> {
  if (deadline === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(atDeadline()), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
