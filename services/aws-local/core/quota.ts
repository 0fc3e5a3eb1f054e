import { protocolErrors } from './aws-error.ts';

/** `--quota SERVICE:Operation=RPS`: a request rate limit like AWS's per-API quotas. */
export interface QuotaRule {
  service: string;
  operation: string;
  requestsPerSecond: number;
  /** Rules naming the same bucket share one quota (e.g. Secrets Manager's combined read quota). */
  bucket?: string;
}

const QUOTA_PATTERN = /^([a-z0-9-]+):([A-Za-z]+)=(\d+(?:\.\d+)?)$/;

export function parseQuotaFlag(flag: string): QuotaRule {
  const [, service, operation, rate] = QUOTA_PATTERN.exec(flag.trim()) ?? [];
  if (service === undefined || operation === undefined || rate === undefined) {
    throw new RangeError(`--quota takes SERVICE:Operation=RPS (e.g. acm:ExportCertificate=5), got '${flag}'`);
  }
  const requestsPerSecond = Number(rate);
  if (requestsPerSecond <= 0) throw new RangeError(`--quota rate must be positive, got '${flag}'`);
  return { service, operation, requestsPerSecond };
}

interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * Token buckets per account and region (the account is fixed, so per region),
 * one per limited operation or shared bucket, refilled at the quota's rate
 * with a burst of one second's worth, on real (monotonic) time: quotas are
 * about how fast callers really send, not about the emulated clock.
 */
export class QuotaLimiter {
  private readonly byOperation = new Map<string, { bucket: string; rate: number }>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    rules: readonly QuotaRule[] = [],
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {
    for (const rule of rules) {
      const operationKey = `${rule.service}:${rule.operation}`;
      this.byOperation.set(operationKey, { bucket: rule.bucket ?? operationKey, rate: rule.requestsPerSecond });
    }
  }

  /**
   * Adds or replaces limits at run time (a benchmark sets up its fleet
   * unthrottled, then measures under the quotas); each starts with a full burst.
   */
  apply(rules: readonly QuotaRule[]): void {
    for (const rule of rules) {
      const operationKey = `${rule.service}:${rule.operation}`;
      const bucket = rule.bucket ?? operationKey;
      this.byOperation.set(operationKey, { bucket, rate: rule.requestsPerSecond });
      for (const key of [...this.buckets.keys()]) if (key.endsWith(`|${bucket}`)) this.buckets.delete(key);
    }
  }

  /** Takes a token in `region` or throws AWS's `ThrottlingException`. */
  take(region: string, service: string, operation: string): void {
    const limit = this.byOperation.get(`${service}:${operation}`);
    if (!limit) return;
    const burst = Math.max(1, limit.rate);
    const key = `${region}|${limit.bucket}`;
    const now = this.monotonicMs();
    const bucket = this.buckets.get(key) ?? { tokens: burst, updated: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updated) / 1000) * limit.rate);
    bucket.updated = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) throw protocolErrors.throttling();
    bucket.tokens -= 1;
  }

  rules(): QuotaRule[] {
    return [...this.byOperation.entries()].map(([key, limit]) => {
      const [service = '', operation = ''] = key.split(':');
      return {
        service,
        operation,
        requestsPerSecond: limit.rate,
        ...(limit.bucket === key ? {} : { bucket: limit.bucket }),
      };
    });
  }
}
