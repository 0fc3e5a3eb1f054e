import type { FastifyError, FastifyInstance, FastifyPluginAsync } from 'fastify';
import { parseFaultRule } from '../core/faults.ts';
import type { AwsLocal } from '../aws-local.ts';
import { redeliver } from '../events/bus.ts';
import type { EventsState, RecordedEvent } from '../events/state.ts';
import { DEFAULT_SETTLE_TIMEOUT_MS } from '../scheduler/scheduler.ts';
import { CONTROL_PREFIX } from './prefix.ts';
import {
  eventsQuerySchema,
  faultsListSchema,
  functionsSchema,
  getClockSchema,
  healthSchema,
  iamReportSchema,
  postClockSchema,
  postFaultSchema,
  quotasSchema,
  redeliverSchema,
  requestsQuerySchema,
  resetSchema,
  settleSchema,
} from './schemas.ts';

export { CONTROL_PREFIX };

interface ControlApiOptions {
  local: AwsLocal;
}

/**
 * The control API as a fastify plugin (registered under CONTROL_PREFIX):
 * health, the shared clock, fault injection, reset, the IAM report, the request log, the
 * event log with its deliveries, settling (waiting until time-driven work and
 * deliveries are done) and redelivery. Bodies and query strings are checked
 * against JSON schemas (schemas.ts) before a handler runs; a bad one is a 400
 * `{error: "BadRequest", message}` naming the member.
 */
export const controlApi: FastifyPluginAsync<ControlApiOptions> = async (app, { local }) => {
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    if (err.validation) return reply.code(400).send(badRequest(err.message));
    return reply.send(err);
  });
  app.get('/health', { schema: healthSchema }, async () => ({
    status: 'ok',
    services: local.services.map((s) => s.id),
    now: local.env.clock.now().toISOString(),
    persistent: local.env.store.dir !== undefined,
  }));
  app.get('/clock', { schema: getClockSchema }, async () => clockView(local));
  app.post<{ Body: { advanceSeconds?: number; now?: string } }>(
    '/clock',
    { schema: postClockSchema },
    async (request, reply) => {
      const body = request.body;
      try {
        if (body.advanceSeconds !== undefined && body.now !== undefined)
          throw new RangeError('give advanceSeconds or now, not both');
        if (body.advanceSeconds !== undefined) local.env.clock.advance(body.advanceSeconds);
        else if (body.now !== undefined) local.env.clock.set(new Date(body.now));
        else throw new RangeError('give {"advanceSeconds": n} (n >= 0) or {"now": "ISO 8601"}');
      } catch (err) {
        return reply.code(400).send(badRequest((err as Error).message));
      }
      local.env.store.state.clockOffsetMs = local.env.clock.offset;
      await local.env.store.save();
      await local.onClockMoved();
      return clockView(local);
    },
  );
  registerFaultRoutes(app, local);
  registerEventRoutes(app, local);
  app.get('/lambdas', { schema: functionsSchema }, async () => ({ functions: local.lambdas.list() }));
  app.get<{ Querystring: { service?: string; operation?: string; limit?: string } }>(
    '/requests',
    { schema: requestsQuerySchema },
    async (request) => {
      const { service, operation, limit } = request.query;
      return { requests: local.requestLog.list({ service, operation, limit: parseLimit(limit) }) };
    },
  );
};

function badRequest(message: string) {
  return { error: 'BadRequest', message };
}

function parseLimit(limit: string | undefined): number | undefined {
  const n = limit === undefined ? undefined : Number.parseInt(limit, 10);
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

function registerFaultRoutes(app: FastifyInstance, local: AwsLocal): void {
  app.get('/faults', { schema: faultsListSchema }, async () => ({ faults: local.faults.list() }));
  // The request-rate quotas in force (AWS's defaults unless --no-quotas, then each --quota).
  app.get('/quotas', { schema: quotasSchema }, async () => ({ quotas: local.quota.rules() }));
  app.post('/faults', { schema: postFaultSchema }, async (request, reply) => {
    try {
      const id = local.faults.add(parseFaultRule(request.body));
      return reply.code(201).send({ id });
    } catch (err) {
      return reply.code(400).send(badRequest((err as Error).message));
    }
  });
  app.delete('/faults', { schema: faultsListSchema }, async () => {
    local.faults.clear();
    return { faults: [] };
  });
  // Per restricted principal: the (action, resource) pairs allowed and denied so far. ARNs only, never a value.
  app.get('/iam', { schema: iamReportSchema }, async () => ({
    enforced: local.iam !== undefined,
    ...(local.iam ? local.iam.report.view() : { principals: [] }),
  }));
  app.post('/reset', { schema: resetSchema }, async () => {
    local.faults.clear();
    local.iam?.report.clear();
    local.requestLog.clear();
    local.env.store.reset();
    local.env.clock.reset();
    local.scheduler.reset();
    await local.env.store.save();
    return { status: 'reset' };
  });
}

function registerEventRoutes(app: FastifyInstance, local: AwsLocal): void {
  app.get<{ Querystring: { source?: string; detailType?: string; resource?: string; limit?: string } }>(
    '/events',
    { schema: eventsQuerySchema },
    async (request) => {
      const query = request.query;
      const limit = parseLimit(query.limit);
      const matching = recordedEvents(local).filter(
        ({ event }) =>
          (!query.source || event.envelope.source === query.source) &&
          (!query.detailType || event.envelope['detail-type'] === query.detailType) &&
          (!query.resource || event.envelope.resources.includes(query.resource)),
      );
      const shown = limit ? matching.slice(-limit) : matching;
      return { events: shown.map(({ region, event }) => eventView(region, event)) };
    },
  );
  app.post<{ Body: { id: string; times?: number } }>(
    '/events/redeliver',
    { schema: redeliverSchema },
    async (request, reply) => {
      const { id, times = 1 } = request.body;
      const found = recordedEvents(local).find(({ event }) => event.envelope.id === id);
      if (!found) return reply.code(404).send({ error: 'NotFound', message: `no recorded event with id ${id}` });
      const added = redeliver(found.event, times);
      await local.env.store.save();
      local.scheduler.deliverPending();
      return reply.code(202).send({ id, deliveriesAdded: added.length });
    },
  );
  app.post<{ Body: { timeoutMs?: number; endBatchingWindows?: boolean } }>(
    '/settle',
    { schema: settleSchema },
    async (request, reply) => {
      const { timeoutMs = DEFAULT_SETTLE_TIMEOUT_MS, endBatchingWindows = false } = request.body;
      const release = endBatchingWindows ? local.eventSourceMappings.endBatchingWindows() : undefined;
      let outcome;
      try {
        outcome = await local.scheduler.settle(timeoutMs);
      } finally {
        release?.();
      }
      return reply.code(outcome.settled ? 200 : 504).send(outcome);
    },
  );
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
