/** One answered request, as `GET /_aws-local/requests` shows it: never a body. */
export interface RequestRecord {
  time: string;
  region: string;
  service: string;
  operation: string;
  status: number;
  errorType?: string;
  latencyMs: number;
}

export const REQUEST_LOG_CAPACITY = 5_000;

/** A bounded ring of the most recent requests, for tests and benchmarks. */
export class RequestLog {
  private readonly records: RequestRecord[] = [];
  private readonly capacity: number;

  constructor(capacity = REQUEST_LOG_CAPACITY) {
    this.capacity = capacity;
  }

  add(record: RequestRecord): void {
    this.records.push(record);
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
  }

  list(filter: { service?: string; operation?: string; limit?: number } = {}): RequestRecord[] {
    const matching = this.records.filter(
      (r) =>
        (!filter.service || r.service === filter.service) && (!filter.operation || r.operation === filter.operation),
    );
    return filter.limit ? matching.slice(-filter.limit) : matching;
  }

  clear(): void {
    this.records.length = 0;
  }
}
