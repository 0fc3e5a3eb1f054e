import type { FastifyInstance } from 'fastify';
import { parseFaultRule } from '../core/faults.js';
import type { AwsLocal } from '../app.js';

export const CONTROL_PREFIX = '/_aws-local';

/**
 * The control API: health, the shared clock, fault injection, reset and the
 * request log. JSON in, JSON out; bad input is a 400 naming the field.
 */
export function registerControlRoutes(app: FastifyInstance, local: AwsLocal): void {
  const badRequest = (message: string) => ({ error: 'BadRequest', message });

  app.get(`${CONTROL_PREFIX}/health`, async () => ({
    status: 'ok',
    services: local.services.map((s) => s.id),
    now: local.env.clock.now().toISOString(),
    persistent: local.env.store.dir !== undefined,
  }));

  app.get(`${CONTROL_PREFIX}/clock`, async () => clockView(local));

  app.post(`${CONTROL_PREFIX}/clock`, async (request, reply) => {
    const body = (request.body ?? {}) as { advanceSeconds?: unknown; now?: unknown };
    try {
      if (body.advanceSeconds !== undefined && body.now !== undefined) throw new RangeError('give advanceSeconds or now, not both');
      if (typeof body.advanceSeconds === 'number') local.env.clock.advance(body.advanceSeconds);
      else if (typeof body.now === 'string') local.env.clock.set(new Date(body.now));
      else throw new RangeError('give {"advanceSeconds": n} (n >= 0) or {"now": "ISO 8601"}');
    } catch (err) {
      return reply.code(400).send(badRequest((err as Error).message));
    }
    local.env.store.state.clockOffsetMs = local.env.clock.offset;
    await local.env.store.save();
    await local.onClockMoved();
    return clockView(local);
  });

  app.get(`${CONTROL_PREFIX}/faults`, async () => ({ faults: local.faults.list() }));

  app.post(`${CONTROL_PREFIX}/faults`, async (request, reply) => {
    try {
      const id = local.faults.add(parseFaultRule(request.body));
      return reply.code(201).send({ id });
    } catch (err) {
      return reply.code(400).send(badRequest((err as Error).message));
    }
  });

  app.delete(`${CONTROL_PREFIX}/faults`, async () => {
    local.faults.clear();
    return { faults: [] };
  });

  app.post(`${CONTROL_PREFIX}/reset`, async () => {
    local.faults.clear();
    local.requestLog.clear();
    local.env.store.reset();
    local.env.clock.reset();
    await local.env.store.save();
    return { status: 'reset' };
  });

  app.get(`${CONTROL_PREFIX}/requests`, async (request) => {
    const query = request.query as { service?: string; operation?: string; limit?: string };
    const limit = query.limit ? Number.parseInt(query.limit, 10) : undefined;
    return {
      requests: local.requestLog.list({
        service: query.service,
        operation: query.operation,
        limit: Number.isFinite(limit) ? limit : undefined,
      }),
    };
  });
}

function clockView(local: AwsLocal) {
  return { now: local.env.clock.now().toISOString(), offsetSeconds: local.env.clock.offset / 1000 };
}
