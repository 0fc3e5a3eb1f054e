import type { AgentStatus } from './agent-status.ts';

/** Prometheus text exposition format 0.0.4: what every scraper reads. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** What /metrics serves; `metrics()` renders the exposition text at scrape time. */
export interface AgentMetrics {
  readonly contentType: string;
  metrics(): Promise<string>;
}

type Sample = { labels?: Readonly<Record<string, string>>; value: number };

/** A label value as the exposition format quotes it. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function family(name: string, help: string, type: 'gauge' | 'counter', samples: readonly Sample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const { labels, value } of samples) {
    const set = labels
      ? `{${Object.entries(labels)
          .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
          .join(',')}}`
      : '';
    lines.push(`${name}${set} ${value}`);
  }
  return lines.join('\n');
}

const seconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : 0);

/**
 * Prometheus metrics of one agent, written out directly: six metrics do not
 * need prom-client, which held ~13 MB of the resident agent (its default
 * collectors pull in perf_hooks, cluster and more). Same names, help, types
 * and format as the prom-client registry before: an unset gauge reads 0, the
 * failure counter has one series per code seen. Labels carry no secret.
 */
export function createAgentMetrics(status: AgentStatus, now: () => Date = () => new Date()): AgentMetrics {
  let rotations = 0;
  const failures = new Map<string, number>();
  status.subscribe({
    materialWritten: (_material, rotation) => {
      if (rotation) rotations++;
    },
    checkFailed: (failure) => failures.set(failure.code, (failures.get(failure.code) ?? 0) + 1),
  });
  const render = (): string =>
    [
      family(
        'pca_mtls_agent_certificate_expiry_timestamp_seconds',
        'notAfter of the certificate in place, as Unix time',
        'gauge',
        [{ value: seconds(status.material?.notAfter) }],
      ),
      family(
        'pca_mtls_agent_certificate_renewal_deadline_timestamp_seconds',
        'when the certificate in place becomes overdue for renewal (healthz fails), as Unix time',
        'gauge',
        [{ value: seconds(status.renewalDeadline()) }],
      ),
      family(
        'pca_mtls_agent_material_healthy',
        '1 while valid material is in place and not past the renewal threshold',
        'gauge',
        [{ value: status.health(now()).healthy ? 1 : 0 }],
      ),
      family(
        'pca_mtls_agent_last_check_timestamp_seconds',
        'when the agent last asked Secrets Manager for a new version, as Unix time',
        'gauge',
        [{ value: seconds(status.lastCheckAt) }],
      ),
      family('pca_mtls_agent_rotations_total', 'material swapped in after the first write', 'counter', [
        { value: rotations },
      ]),
      family(
        'pca_mtls_agent_failures_total',
        'checks or rotations that failed, by error code (the old files stayed in place)',
        'counter',
        [...failures].map(([code, value]) => ({ labels: { code }, value })),
      ),
    ].join('\n\n') + '\n';
  return { contentType: METRICS_CONTENT_TYPE, metrics: async () => render() };
}
