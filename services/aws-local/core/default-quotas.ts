/**
 * AWS's default request-rate quotas (requests per second, per account and
 * region), applied by `pca-mtls local` and `npm start` unless `--no-quotas`.
 * Where copies of AWS's documentation differ the lower figure is taken; the
 * table and its sources are in services/aws-local/OPERATIONS.md ("Quotas").
 * Operations that share one quota share one bucket (`bucket`). Operations not
 * listed (ECS, EventBridge, most of Private CA) are not limited: no default
 * figure could be sourced for them.
 */
import type { QuotaRule } from './quota.ts';

const rule = (service: string, operation: string, requestsPerSecond: number, bucket?: string): QuotaRule => ({
  service,
  operation,
  requestsPerSecond,
  ...(bucket ? { bucket } : {}),
});

/** ACM: "Quotas" page of the ACM User Guide, API rate quotas. */
const ACM: readonly QuotaRule[] = [
  rule('acm', 'AddTagsToCertificate', 5),
  rule('acm', 'DeleteCertificate', 10),
  rule('acm', 'DescribeCertificate', 10),
  // 5 in one copy, 10 in a newer one: the lower.
  rule('acm', 'ExportCertificate', 5),
  rule('acm', 'GetAccountConfiguration', 1),
  rule('acm', 'GetCertificate', 10),
  // 1 in one copy, 8 in a newer one: the lower.
  rule('acm', 'ListCertificates', 1),
  rule('acm', 'ListTagsForCertificate', 10),
  rule('acm', 'PutAccountConfiguration', 1),
  rule('acm', 'RenewCertificate', 5),
  rule('acm', 'RequestCertificate', 5),
];

/** AWS Private CA: Service Quotas defaults ("Quotas" page of the Private CA User Guide). */
const ACM_PCA: readonly QuotaRule[] = [rule('acm-pca', 'IssueCertificate', 25), rule('acm-pca', 'GetCertificate', 75)];

/** Secrets Manager: "Secrets Manager quotas" page; combined quotas share a bucket. */
const SECRETS_MANAGER: readonly QuotaRule[] = [
  // 10,000 combined; a 2025 announcement raised DescribeSecret alone to 40,000: the lower, combined.
  rule('secretsmanager', 'GetSecretValue', 10_000, 'secretsmanager:read'),
  rule('secretsmanager', 'DescribeSecret', 10_000, 'secretsmanager:read'),
  rule('secretsmanager', 'BatchGetSecretValue', 100),
  rule('secretsmanager', 'ListSecrets', 100),
  rule('secretsmanager', 'PutSecretValue', 50, 'secretsmanager:write'),
  rule('secretsmanager', 'UpdateSecret', 50, 'secretsmanager:write'),
  rule('secretsmanager', 'UpdateSecretVersionStage', 50, 'secretsmanager:write'),
  rule('secretsmanager', 'TagResource', 50),
];

export const AWS_DEFAULT_QUOTAS: readonly QuotaRule[] = Object.freeze([...ACM, ...ACM_PCA, ...SECRETS_MANAGER]);

/**
 * The rules in force: AWS's defaults (unless turned off), each overridden by
 * a `--quota` rule for the same operation (an override takes the operation
 * out of any shared bucket).
 */
export function resolveQuotas(options: { defaults: boolean; overrides?: readonly QuotaRule[] }): QuotaRule[] {
  const overrides = options.overrides ?? [];
  const key = (r: QuotaRule) => `${r.service}:${r.operation}`;
  const overridden = new Set(overrides.map(key));
  const defaults = options.defaults ? AWS_DEFAULT_QUOTAS.filter((r) => !overridden.has(key(r))) : [];
  return [...defaults, ...overrides];
}
