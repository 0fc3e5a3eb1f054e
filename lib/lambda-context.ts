/** The part of Lambda's context object the pca-mtls handlers read (both optional: tests and direct calls omit them). */
export interface LambdaContext {
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

/**
 * A handler stops waiting this long before Lambda's own timeout, so it can
 * still answer (CloudFormation's ResponseURL, a summary, a partial batch
 * response) and log before Lambda kills it.
 */
export const DEADLINE_MARGIN_MS = 10_000;

/**
 * The time (epoch milliseconds) by which a handler must have stopped waiting:
 * the invocation's remaining time minus `DEADLINE_MARGIN_MS`, never in the
 * past. `undefined` when the context does not say (no deadline).
 */
export function deadlineOf(context: LambdaContext, now: number = Date.now()): number | undefined {
  const remaining = context.getRemainingTimeInMillis?.();
  return remaining === undefined ? undefined : now + Math.max(0, remaining - DEADLINE_MARGIN_MS);
}
