import { Counter, Gauge, Registry } from 'prom-client';
import type { AgentStatus } from './agent-status.js';

/**
 * Prometheus metrics of one agent (prom-client). Gauges read the status at
 * scrape time; counters follow its events. Labels carry no secret.
 */
export function createAgentMetrics(status: AgentStatus, now: () => Date = () => new Date()): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'pca_mtls_agent_certificate_expiry_timestamp_seconds',
    help: 'notAfter of the certificate in place, as Unix time',
    registers: [registry],
    collect() {
      if (status.material) this.set(status.material.notAfter.getTime() / 1000);
    },
  });
  new Gauge({
    name: 'pca_mtls_agent_certificate_renewal_deadline_timestamp_seconds',
    help: 'when the certificate in place becomes overdue for renewal (healthz fails), as Unix time',
    registers: [registry],
    collect() {
      const deadline = status.renewalDeadline();
      if (deadline) this.set(deadline.getTime() / 1000);
    },
  });
  new Gauge({
    name: 'pca_mtls_agent_material_healthy',
    help: '1 while valid material is in place and not past the renewal threshold',
    registers: [registry],
    collect() {
      this.set(status.health(now()).healthy ? 1 : 0);
    },
  });
  new Gauge({
    name: 'pca_mtls_agent_last_check_timestamp_seconds',
    help: 'when the agent last asked Secrets Manager for a new version, as Unix time',
    registers: [registry],
    collect() {
      if (status.lastCheckAt) this.set(status.lastCheckAt.getTime() / 1000);
    },
  });
  const rotations = new Counter({
    name: 'pca_mtls_agent_rotations_total',
    help: 'material swapped in after the first write',
    registers: [registry],
  });
  const failures = new Counter({
    name: 'pca_mtls_agent_failures_total',
    help: 'checks or rotations that failed, by error code (the old files stayed in place)',
    labelNames: ['code'],
    registers: [registry],
  });
  status.subscribe({
    materialWritten: (_material, rotation) => {
      if (rotation) rotations.inc();
    },
    checkFailed: (failure) => failures.inc({ code: failure.code }),
  });
  return registry;
}
