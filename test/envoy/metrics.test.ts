import { Counter, Gauge, Registry } from 'prom-client';
import t from 'tap';
import { AgentStatus } from '../../envoy/agent/agent-status.ts';
import { createAgentMetrics, METRICS_CONTENT_TYPE } from '../../envoy/agent/metrics.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const material = (serial: string, identityVersionId: string) => ({
  identity: 'colorteller',
  serial,
  notBefore: new Date('2026-01-01T00:00:00.000Z'),
  notAfter: new Date('2027-01-01T00:00:00.500Z'),
  identityVersionId,
  trustVersionId: 'trust-1',
  version: `v-${serial}`,
  writtenAt: NOW,
});

/** The same six metrics through prom-client (what the agent served before): the oracle for the text format. */
function promClientOracle(status: AgentStatus): Registry {
  const registry = new Registry();
  const gauge = (name: string, help: string, value: () => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const v = value();
        if (v !== undefined) this.set(v);
      },
    });
  const seconds = (d: Date | undefined) => (d ? d.getTime() / 1000 : undefined);
  gauge(
    'pca_mtls_agent_certificate_expiry_timestamp_seconds',
    'notAfter of the certificate in place, as Unix time',
    () => seconds(status.material?.notAfter),
  );
  gauge(
    'pca_mtls_agent_certificate_renewal_deadline_timestamp_seconds',
    'when the certificate in place becomes overdue for renewal (healthz fails), as Unix time',
    () => seconds(status.renewalDeadline()),
  );
  gauge(
    'pca_mtls_agent_material_healthy',
    '1 while valid material is in place and not past the renewal threshold',
    () => (status.health(NOW).healthy ? 1 : 0),
  );
  gauge(
    'pca_mtls_agent_last_check_timestamp_seconds',
    'when the agent last asked Secrets Manager for a new version, as Unix time',
    () => seconds(status.lastCheckAt),
  );
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
    materialWritten: (_m, rotation) => (rotation ? rotations.inc() : undefined),
    checkFailed: (f) => failures.inc({ code: f.code }),
  });
  return registry;
}

t.test('/metrics text: byte for byte what prom-client wrote, at every stage of an agent life', async (t) => {
  const status = new AgentStatus();
  const ours = createAgentMetrics(status, () => NOW);
  const oracle = promClientOracle(status);
  const same = async (stage: string) => t.equal(await ours.metrics(), await oracle.metrics(), stage);

  await same('nothing in place yet');
  status.materialWritten(material('0a', 'v1'));
  status.checked(new Date('2026-05-31T23:59:59.250Z'));
  await same('first material, one check');
  status.materialWritten(material('0b', 'v2'));
  status.checkFailed('SECRET_SCHEMA', 'bad', NOW);
  status.checkFailed('SECRET_SCHEMA', 'bad', NOW);
  status.checkFailed('weird"code\\with\nbreaks', 'bad', NOW);
  await same('a rotation and failures, one code needing escapes');
  t.equal(ours.contentType, oracle.contentType);
  t.equal(ours.contentType, METRICS_CONTENT_TYPE);
});
