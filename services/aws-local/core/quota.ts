import { protocolErrors } from '../protocol/aws-error.js';

/** `--quota SERVICE:Operation=RPS`: a request rate limit like AWS's per-API quotas. */
export interface QuotaRule {
  service: string;
  operation: string;
  requestsPerSecond: number;
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

/**
 * Token buckets, one per limited operation, refilled at the quota's rate with a
 * burst of one second's worth, on real (monotonic) time: quotas are about how
 * fast callers really send, not about the emulated clock.
 */
export class QuotaLimiter {
  private readonly buckets = new Map<string, { rate: number; tokens: number; updated: number }>();

  constructor(
    rules: readonly QuotaRule[] = [],
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {
    for (const rule of rules) {
      this.buckets.set(`${rule.service}:${rule.operation}`, {
        rate: rule.requestsPerSecond,
        tokens: Math.max(1, rule.requestsPerSecond),
        updated: this.monotonicMs(),
      });
    }
  }

  /**
   * Adds or replaces limits at run time (a benchmark sets up its fleet
   * unthrottled, then measures under the quotas); each starts with a full burst.
   */
  apply(rules: readonly QuotaRule[]): void {
    for (const rule of rules) {
      this.buckets.set(`${rule.service}:${rule.operation}`, {
        rate: rule.requestsPerSecond,
        tokens: Math.max(1, rule.requestsPerSecond),
        updated: this.monotonicMs(),
      });
    }
  }

  /** Takes a token or throws AWS's `ThrottlingException`. */
  take(service: string, operation: string): void {
    const bucket = this.buckets.get(`${service}:${operation}`);
    if (!bucket) return;
    const now = this.monotonicMs();
    const burst = Math.max(1, bucket.rate);
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updated) / 1000) * bucket.rate);
    bucket.updated = now;
    if (bucket.tokens < 1) throw protocolErrors.throttling();
    bucket.tokens -= 1;
  }

  rules(): QuotaRule[] {
    return [...this.buckets.entries()].map(([key, b]) => {
      const [service, operation] = key.split(':') as [string, string];
      return { service, operation, requestsPerSecond: b.rate };
    });
  }
}
