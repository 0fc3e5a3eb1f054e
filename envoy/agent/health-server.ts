import { createServer, type Server } from 'node:http';
import type { AgentMetrics } from './metrics.ts';
import type { AgentStatus } from './agent-status.ts';

export interface HealthServerOptions {
  status: AgentStatus;
  metrics: AgentMetrics;
  now?: () => Date;
}

/**
 * `GET /healthz` (200 only while valid material is in place and not past the
 * renewal threshold; JSON with serial, notAfter, version, last rotation) and
 * `GET /metrics` (Prometheus). Plain `node:http`: two read-only routes do
 * not need fastify, and the agent's bundle and start-up stay small.
 * Not listening yet: the caller listens (tests pick port 0).
 */
export function createHealthServer(options: HealthServerOptions): Server {
  const now = options.now ?? (() => new Date());
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      const { status } = options;
      const health = status.health(now());
      const m = status.material;
      const body = {
        status: health.healthy ? 'ok' : 'unhealthy',
        ...(health.reason ? { reason: health.reason } : {}),
        identity: m?.identity ?? null,
        serial: m?.serial ?? null,
        notBefore: m?.notBefore.toISOString() ?? null,
        notAfter: m?.notAfter.toISOString() ?? null,
        renewalDeadline: status.renewalDeadline()?.toISOString() ?? null,
        version: m?.version ?? null,
        secretVersionId: m?.identityVersionId ?? null,
        trustBundleVersionId: m?.trustVersionId ?? null,
        lastRotation: status.lastRotationAt?.toISOString() ?? null,
        rotations: status.rotations,
        lastCheck: status.lastCheckAt?.toISOString() ?? null,
        lastFailure: status.lastFailure
          ? {
              code: status.lastFailure.code,
              message: status.lastFailure.message,
              at: status.lastFailure.at.toISOString(),
            }
          : null,
      };
      res
        .writeHead(health.healthy ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(body));
      return;
    }
    if (path === '/metrics') {
      options.metrics.metrics().then(
        (text) => res.writeHead(200, { 'content-type': options.metrics.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'not found; try /healthz or /metrics' }));
  });
  // Health probes must not keep a stopping agent alive.
  server.keepAliveTimeout = 1_000;
  return server;
}
