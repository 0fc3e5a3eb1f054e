/** The benches' aws-local: in process, in memory, call counters, AWS's default quotas applied on demand. */
import { AWS_DEFAULT_QUOTAS } from '../../services/aws-local/core/default-quotas.ts';
import { startAwsLocal } from '../../services/aws-local/server.ts';
import type { RequestRecord } from '../../services/aws-local/core/request-log.ts';
import { createAwsClients } from '../../lib/aws/clients.ts';
import { AwsCallError } from '../../lib/aws/aws-call-error.ts';

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };

export type World = Awaited<ReturnType<typeof startWorld>>;

export async function startWorld() {
  const local = await startAwsLocal({
    host: '127.0.0.1',
    port: 0,
    tickIntervalMs: 0,
    timings: { 'acm.issue': 20, 'acm.visible': 0, 'acm.renew': 50, 'pca.issue': 10, 'ecs.rollout': 1_000 },
  });
  const counts = { total: 0, throttled: 0, byOperation: new Map<string, number>() };
  const log = local.app.awsLocal.requestLog;
  const add = log.add.bind(log);
  // Every answered request, without the log's ring limit.
  log.add = (record: RequestRecord) => {
    add(record);
    // The bench's own queue polling is not the product's cost.
    if (record.service === 'sqs') return;
    counts.total++;
    if (record.errorType === 'ThrottlingException') counts.throttled++;
    counts.byOperation.set(record.operation, (counts.byOperation.get(record.operation) ?? 0) + 1);
  };
  const clientOptions = { endpoint: local.url, region: REGION, credentials: CREDENTIALS };
  return {
    local,
    url: local.url,
    // Setup's clients: patient (a loaded machine answers slowly), never what is measured.
    clients: createAwsClients({ ...clientOptions, maxAttempts: 10, retryMode: 'adaptive', requestTimeoutMs: 60_000 }),
    /** A function instance's clients (the renew Lambda's: adaptive retries). */
    functionClients: () => createAwsClients({ ...clientOptions, retryMode: 'adaptive' }),
    now: () => local.app.awsLocal.env.clock.now(),
    /** The table `pca-mtls local` and `npm start` apply (services/aws-local/core/default-quotas.ts). */
    applyDefaultQuotas: () => local.app.awsLocal.quota.apply(AWS_DEFAULT_QUOTAS),
    /** Calls answered since `mark()`. */
    mark: () => {
      const before = { total: counts.total, throttled: counts.throttled, ops: new Map(counts.byOperation) };
      return () => ({
        total: counts.total - before.total,
        throttled: counts.throttled - before.throttled,
        byOperation: [...counts.byOperation]
          .map(([op, n]) => [op, n - (before.ops.get(op) ?? 0)] as const)
          .filter(([, n]) => n > 0),
      });
    },
    control: async (method: string, path: string, body?: unknown) =>
      (
        await fetch(`${local.url}/_aws-local/${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      ).json() as Promise<any>,
    close: () => local.close(),
  };
}

/** Setup work retries on throttling itself: it is not what is measured. */
export async function patiently<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const throttled =
        (err instanceof AwsCallError && err.code === 'AWS_THROTTLED') || (err as Error).name === 'ThrottlingException';
      if (!throttled || attempt > 50) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    }
  }
}
