import type { Logger } from '../logger.ts';

/** The CloudWatch namespace renewal metrics go to. */
export const METRIC_NAMESPACE = 'pca-mtls';

export type RenewalMetric =
  'RenewalActionRequired' | 'CertificateExpired' | 'RenewalFailures' | 'VersionsWritten' | 'ServicesRolled';

/**
 * Metrics as CloudWatch's embedded metric format: Lambda ships the log line
 * to CloudWatch Logs, which extracts the named values (with the given
 * dimensions) without an API call. The same line is the human-readable log
 * entry, so a metric and its reason never drift apart.
 */
export function metricFields(
  values: Partial<Record<RenewalMetric, number>>,
  dimensions: Record<string, string>,
  now = Date.now(),
) {
  return {
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [Object.keys(dimensions)],
          Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    ...dimensions,
    ...values,
  };
}

/** Logs `message` at error level carrying `name` = 1 as an embedded metric. */
export function logErrorMetric(
  logger: Logger,
  name: RenewalMetric,
  dimensions: Record<string, string>,
  fields: object,
  message: string,
): void {
  logger.error({ ...metricFields({ [name]: 1 }, dimensions), ...fields }, message);
}
