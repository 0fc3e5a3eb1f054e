// The image's HEALTHCHECK: 0 when the agent's /healthz answers 200 (valid material in place, before 90 % of
// its lifetime), 1 otherwise. Reads the port from PCA_MTLS_HEALTH_PORT, as the agent does, so changing the
// variable moves both. Bounded: gives up after HEALTHCHECK_TIMEOUT_MS whatever the server does.
const HEALTHCHECK_TIMEOUT_MS = 2_000;
const port = Number(process.env.PCA_MTLS_HEALTH_PORT);
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  process.stderr.write('healthcheck: PCA_MTLS_HEALTH_PORT must be a port from 1 to 65535\n');
  process.exit(1);
}
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
    signal: AbortSignal.timeout(HEALTHCHECK_TIMEOUT_MS),
  });
  process.stdout.write(`healthcheck: /healthz ${response.status}\n`);
  process.exit(response.status === 200 ? 0 : 1);
} catch (err) {
  process.stderr.write(`healthcheck: /healthz unreachable (${err instanceof Error ? err.name : 'error'})\n`);
  process.exit(1);
}
