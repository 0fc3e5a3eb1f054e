/**
 * The renewal queue's settings (ACM events → SQS → the renew function),
 * as plain numbers: the CDK stack (infra/constructs/renewal-wiring.ts) and
 * `pca-mtls local` both wire the queue from these, and the CLI must not
 * load aws-cdk-lib to read them.
 */

/** SQS's rule for a Lambda source: a message stays invisible for at least 6 function timeouts. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/** An event that failed this many times goes to the DLQ (and its alarm) instead of looping. */
export const MAX_RECEIVE_COUNT = 5;
/** ACM events come in bursts (a renewal day); a few messages per invocation keep the export quota's pace. */
export const QUEUE_BATCH_SIZE = 5;
export const QUEUE_BATCHING_WINDOW_SECONDS = 10;
/** Concurrent renew invocations fed by the queue (2 is SQS's minimum); the sweep runs beside them. */
export const QUEUE_MAX_CONCURRENCY = 2;
/** Longer than the event grace and a weekend of a broken CA; the DLQ keeps its messages longest (SQS's maximum). */
export const QUEUE_RETENTION_SECONDS = 4 * 86_400;
export const DLQ_RETENTION_SECONDS = 14 * 86_400;
/** ACM's default ExportCertificate quota, requests per second per account and region. */
export const ACM_EXPORT_CERTIFICATE_QUOTA_PER_SECOND = 5;
/**
 * Each renew instance the queue runs paces ExportCertificate at its share of
 * the quota (PCA_MTLS_EXPORT_RATE_PER_SECOND), so a renewal storm is spread
 * over time instead of throttling the instances against each other.
 */
export const EXPORT_RATE_PER_INSTANCE = ACM_EXPORT_CERTIFICATE_QUOTA_PER_SECOND / QUEUE_MAX_CONCURRENCY;

/** The visibility timeout of the queue in front of a function with this timeout. */
export function queueVisibilityTimeoutSeconds(functionTimeoutMs: number): number {
  return Math.ceil(functionTimeoutMs / 1000) * VISIBILITY_TIMEOUT_FACTOR;
}
