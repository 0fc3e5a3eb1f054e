import type { Logger } from '../../lib/logger.js';
import { renewCertificates } from '../../lib/renewal/renew-certificates.js';
import type { RenewalClients } from '../../lib/renewal/renew-identity.js';
import { RenewalIncompleteError } from '../../lib/renewal/errors.js';
import type { RenewalOptions } from '../../lib/renewal/renewal-options.js';
import { metricFields } from '../../lib/renewal/renewal-metrics.js';
import { summaryLogFields, type RenewalSummary } from '../../lib/renewal/renewal-summary.js';

export interface LambdaContext {
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

export interface RenewHandlerDependencies {
  clients: RenewalClients;
  logger: Logger;
  options?: RenewalOptions;
  /** The clock renewal decides with; aws-local's when `pca-mtls local` runs the function. */
  now?: () => Date;
}

/** Stop waiting this long before Lambda's timeout, so the summary is still logged and returned. */
export const DEADLINE_MARGIN_MS = 10_000;

/**
 * The renew Lambda: ACM events and the scheduled sweep in, a summary out
 * (returned and logged as one line with embedded metrics). Failures that a
 * retry may fix make the invocation fail after logging, so EventBridge
 * delivers again; failures that need a person (a disabled CA, an expired
 * certificate) are reported and the invocation succeeds: no retry storm.
 */
export function createRenewHandler(deps: RenewHandlerDependencies) {
  return async function handler(event: unknown, context: LambdaContext = {}): Promise<RenewalSummary> {
    const logger = deps.logger.child({ requestId: context.awsRequestId });
    const remaining = context.getRemainingTimeInMillis?.();
    const summary = await renewCertificates(
      {
        clients: deps.clients,
        logger,
        options: deps.options,
        now: deps.now,
        deadline: remaining === undefined ? undefined : Date.now() + Math.max(0, remaining - DEADLINE_MARGIN_MS),
      },
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
    if (summary.failures.some((f) => f.retryable)) throw new RenewalIncompleteError(summary);
    return summary;
  };
}
