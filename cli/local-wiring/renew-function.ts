/**
 * The renew function as Lambda runs it behind the stack's wiring: an idle
 * instance serves the next invocation and a new one starts when none is idle,
 * each with its own ExportCertificate pacer at the stack's
 * PCA_MTLS_EXPORT_RATE_PER_SECOND, so concurrent queue batches share ACM's
 * quota as they do in AWS.
 */
import { EXPORT_RATE_PER_INSTANCE } from '../../infra/rules/renewal-queue.ts';
import { createRenewHandler, type RenewHandlerDependencies } from '../../lambdas/renew-certificate/handler.ts';
import { RENEWAL_ENV, renewalOptionsFromEnv } from '../../lib/renewal/renewal-options.ts';
import type { RenewalSummary } from '../../lib/renewal/renewal-summary.ts';
import type { LambdaHandler } from '../../services/aws-local/lambda-targets/registry.ts';

/** The environment the stack gives the renew function (infra/pca-mtls-stack.ts, renewEnvironment). */
export const RENEW_FUNCTION_ENV: Readonly<Record<string, string>> = Object.freeze({
  [RENEWAL_ENV.exportRatePerSecond]: String(EXPORT_RATE_PER_INSTANCE),
});
/** Summaries kept for the walkthrough and tests; older ones are dropped (bounded memory over a long run). */
export const RENEWAL_SUMMARIES_KEPT = 200;

export interface RenewFunction {
  handler: LambdaHandler;
  /** The latest summaries the function produced (one per event, per SQS record and per sweep), oldest first. */
  summaries: () => readonly RenewalSummary[];
  /** Instances started so far. */
  instances: () => number;
}

export function renewFunction(deps: Omit<RenewHandlerDependencies, 'options' | 'onSummary'>): RenewFunction {
  const options = renewalOptionsFromEnv(RENEW_FUNCTION_ENV);
  const kept: RenewalSummary[] = [];
  const onSummary = (summary: RenewalSummary) => {
    kept.push(summary);
    if (kept.length > RENEWAL_SUMMARIES_KEPT) kept.shift();
  };
  const idle: ReturnType<typeof createRenewHandler>[] = [];
  let started = 0;
  const handler: LambdaHandler = async (event, context) => {
    const instance = idle.pop() ?? (started++, createRenewHandler({ ...deps, options, onSummary }));
    try {
      return await instance(event, context);
    } finally {
      idle.push(instance);
    }
  };
  return { handler, summaries: () => [...kept], instances: () => started };
}
