import type { FastifyInstance } from 'fastify';
import { parseFaultRule } from '../core/faults.js';
import type { AwsLocal } from '../app.js';
import { redeliver } from '../events/bus.js';
import type { EventsState, RecordedEvent } from '../events/state.js';
import { DEFAULT_SETTLE_TIMEOUT_MS } from '../scheduler/scheduler.js';

/** Longest a `POST settle` may wait. */
const MAX_SETTLE_TIMEOUT_MS = 300_000;
/** Most copies one `POST events/redeliver` adds. */
const MAX_REDELIVERIES = 100;

export const CONTROL_PREFIX = '/_aws-local';

/**
 * The control API: health, the shared clock, fault injection, reset, the
 * request log, the event log with its deliveries, settling (waiting until
 * time-driven work and deliveries are done) and redelivery. JSON in, JSON
 * out; bad input is a 400 naming the field.
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
      if (body.advanceSeconds !== undefined && body.now !== undefined)
        throw new RangeError('give advanceSeconds or now, not both');
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

  app.get(`${CONTROL_PREFIX}/quotas`, async () => ({ quotas: local.quota.rules() }));

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
    local.scheduler.reset();
    await local.env.store.save();
    return { status: 'reset' };
  });

  app.get(`${CONTROL_PREFIX}/events`, async (request) => {
    const query = request.query as { source?: string; detailType?: string; resource?: string; limit?: string };
    const limit = query.limit ? Number.parseInt(query.limit, 10) : undefined;
    const matching = recordedEvents(local).filter(
      ({ event }) =>
        (!query.source || event.envelope.source === query.source) &&
        (!query.detailType || event.envelope['detail-type'] === query.detailType) &&
        (!query.resource || event.envelope.resources.includes(query.resource)),
    );
    const shown = limit && Number.isFinite(limit) && limit > 0 ? matching.slice(-limit) : matching;
    return { events: shown.map(({ region, event }) => eventView(region, event)) };
  });

  app.post(`${CONTROL_PREFIX}/events/redeliver`, async (request, reply) => {
    const body = (request.body ?? {}) as { id?: unknown; times?: unknown };
    const times = body.times ?? 1;
    if (typeof body.id !== 'string') return reply.code(400).send(badRequest("give the event's 'id'"));
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 1 || times > MAX_REDELIVERIES) {
      return reply.code(400).send(badRequest(`'times' must be a whole number from 1 to ${MAX_REDELIVERIES}`));
    }
    const found = recordedEvents(local).find(({ event }) => event.envelope.id === body.id);
    if (!found) return reply.code(404).send({ error: 'NotFound', message: `no recorded event with id ${body.id}` });
    const added = redeliver(found.event, times);
    await local.env.store.save();
    local.scheduler.deliverPending();
    return reply.code(202).send({ id: body.id, deliveriesAdded: added.length });
  });

  app.post(`${CONTROL_PREFIX}/settle`, async (request, reply) => {
    const body = (request.body ?? {}) as { timeoutMs?: unknown };
    const timeoutMs = body.timeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || timeoutMs < 0 || timeoutMs > MAX_SETTLE_TIMEOUT_MS) {
      return reply.code(400).send(badRequest(`'timeoutMs' must be a number from 0 to ${MAX_SETTLE_TIMEOUT_MS}`));
    }
    const outcome = await local.scheduler.settle(timeoutMs);
    return reply.code(outcome.settled ? 200 : 504).send(outcome);
  });

  app.get(`${CONTROL_PREFIX}/lambdas`, async () => ({ functions: local.lambdas.list() }));

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

/** Every recorded event of every region, oldest first. */
function recordedEvents(local: AwsLocal): { region: string; event: RecordedEvent }[] {
  const all: { region: string; event: RecordedEvent }[] = [];
  for (const [region, services] of Object.entries(local.env.store.state.regions)) {
    for (const event of (services.events as EventsState | undefined)?.events ?? []) all.push({ region, event });
  }
  return all.sort(
    (a, b) =>
      a.event.receivedAt - b.event.receivedAt || Date.parse(a.event.envelope.time) - Date.parse(b.event.envelope.time),
  );
}

/** An event with the rules it matched and what became of each delivery (results are the functions' summaries). */
function eventView(region: string, event: RecordedEvent) {
  return {
    id: event.envelope.id,
    region,
    time: event.envelope.time,
    receivedAt: new Date(event.receivedAt).toISOString(),
    source: event.envelope.source,
    detailType: event.envelope['detail-type'],
    resources: event.envelope.resources,
    detail: event.envelope.detail,
    rules: event.matches.map((m) => m.ruleName),
    deliveries: (event.deliveries ?? []).map((d) => ({
      rule: d.ruleName,
      targetId: d.targetId,
      targetArn: d.targetArn,
      status: d.status,
      attempts: d.attempts,
      ...(d.lastError !== undefined ? { lastError: d.lastError } : {}),
      ...(d.deadLetterReason !== undefined ? { deadLetterReason: d.deadLetterReason } : {}),
      ...(d.result !== undefined ? { result: d.result } : {}),
      ...(d.finishedAt !== undefined ? { finishedAt: new Date(d.finishedAt).toISOString() } : {}),
    })),
  };
}
