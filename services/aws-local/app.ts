import Fastify, { type FastifyInstance } from 'fastify';
import { Clock } from './core/clock.ts';
import { FaultInjector } from './core/faults.ts';
import { resolveQuotas } from './core/default-quotas.ts';
import { QuotaLimiter, type QuotaRule } from './core/quota.ts';
import { RequestLog } from './core/request-log.ts';
import { StateStore } from './core/state-store.ts';
import { resolveTimings, type Timings } from './core/timings.ts';
import type { AwsLocal } from './aws-local.ts';
import { registerEventSourceMappingRoutes } from './control/event-source-mapping-routes.ts';
import { CONTROL_PREFIX } from './control/prefix.ts';
import { SHARED_SCHEMA_CONTROLLER } from './control/route-compilers.ts';
import { controlApi } from './control/routes.ts';
import { EventSourceMappings } from './event-source-mappings/registry.ts';
import type { EventSourceMappingInput } from './event-source-mappings/config.ts';
import { LambdaRegistry } from './lambda-targets/registry.ts';
import { resolveDeliveryOptions, type DeliveryOptions } from './scheduler/delivery-worker.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import type { IamOptions } from './iam/config.ts';
import type { IamEnforcer } from './iam/enforcer.ts';
import { Dispatcher } from './protocol/dispatch.ts';
import { isQueryContentType, QueryEndpoint } from './protocol/query/query-endpoint.ts';
import { installRequestGuard, type RequestGuardOptions } from './request-guard.ts';
import type { EmulatorEnv, ServiceDefinition } from './protocol/service.ts';
import { SERVICES } from './registry.ts';

export type { AwsLocal } from './aws-local.ts';

export const ACCOUNT_ID = '000000000000';
/** Largest request body: a 1 MiB SQS message batch with JSON escaping (a 64 KiB secret fits easily). */
const BODY_LIMIT_BYTES = 3 * 1024 * 1024;
/** The default log level: tests embed the emulator and stay quiet. */
const SILENT = 'silent';

export interface AwsLocalOptions {
  /** Directory for the persistent state; in memory when omitted. */
  stateDir?: string;
  /**
   * Where the clock starts when the state is new (a saved state keeps its
   * clock). The walkthrough starts in the past so that ACM's renewal point
   * falls before real time and renewed certificates are valid for real TLS.
   */
  startClockAt?: Date;
  /**
   * Apply AWS's default request-rate quotas (core/default-quotas.ts). Off unless asked for: this API
   * embeds the emulator in tests of its own operations, which call faster than AWS allows on purpose;
   * `pca-mtls local` and `npm start` turn it on (`--no-quotas` turns it off there).
   */
  defaultQuotas?: boolean;
  /** Quota rules of their own (`--quota`), each replacing the default for its operation. */
  quotas?: readonly QuotaRule[];
  timings?: Partial<Timings>;
  /** Randomness for fault rates and AWS-side jitter; tests pass a seeded one. */
  random?: () => number;
  /** pino level for the emulator's own log (`silent` by default: tests stay quiet). */
  logLevel?: string;
  services?: readonly ServiceDefinition[];
  /** How EventBridge deliveries to registered Lambda handlers are retried (scheduler/delivery-worker.ts). */
  delivery?: Partial<DeliveryOptions>;
  /** Real-time period of the scheduler's tick; 0 leaves time-driven work to POST /_aws-local/clock. */
  tickIntervalMs?: number;
  /** SQS event source mappings to start with (also `POST /_aws-local/event-source-mappings`). */
  eventSourceMappings?: readonly EventSourceMappingInput[];
  /** Which `Host` headers are answered (DNS rebinding protection); see request-guard.ts. */
  guard?: RequestGuardOptions;
  /**
   * IAM enforcement: requests signed with one of these access keys are
   * evaluated against its identity-based policies; other keys stay
   * unrestricted. Invalid policies reject with `IamConfigError`.
   */
  iam?: IamOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    awsLocal: AwsLocal;
  }
}

/**
 * Builds the local AWS endpoint without listening (tests use `inject()` or
 * `listen({ port: 0 })`). Throws `StateCorruptError` when the state directory
 * holds a file it cannot use.
 */
export async function buildAwsLocal(options: AwsLocalOptions = {}): Promise<FastifyInstance> {
  const services = options.services ?? SERVICES;
  // Loaded only when asked for: the evaluator and its AWS catalogue take a third of a second to import.
  const iam = options.iam
    ? await (await import('./iam/enforcer.ts')).IamEnforcer.create(options.iam, ACCOUNT_ID)
    : undefined;
  const store = options.stateDir ? await StateStore.open(options.stateDir) : StateStore.inMemory();
  const env = emulatorEnv(store, services, options);
  const app = createFastify(options);
  const { local, dispatcher } = assembleParts(app, env, services, options, iam);
  app.decorate('awsLocal', local);
  installRequestGuard(app, options.guard);
  app.addHook('onClose', async () => {
    local.eventSourceMappings.stopAll();
    local.scheduler.stop();
    store.close();
  });
  registerAwsRoute(
    app,
    dispatcher,
    new QueryEndpoint(services, (request) => dispatcher.handle(request)),
    local.scheduler,
  );
  void app.register(controlApi, { prefix: CONTROL_PREFIX, local });
  registerEventSourceMappingRoutes(app, local.eventSourceMappings);
  for (const mapping of options.eventSourceMappings ?? []) local.eventSourceMappings.create(mapping);
  local.scheduler.start();
  return app;
}

/** What every operation shares: account, clock (resumed from a saved state), timings, state, randomness. */
function emulatorEnv(store: StateStore, services: readonly ServiceDefinition[], options: AwsLocalOptions): EmulatorEnv {
  const byId = new Map(services.map((s) => [s.id, s]));
  return {
    accountId: ACCOUNT_ID,
    clock: new Clock(initialClockOffsetMs(store, options.startClockAt)),
    timings: resolveTimings(options.timings),
    store,
    random: options.random ?? Math.random,
    stateOf<S>(serviceId: string, region: string): S {
      const service = byId.get(serviceId);
      if (!service) throw new Error(`no emulated service '${serviceId}'`);
      return store.serviceState(region, serviceId, () => service.initialState()) as S;
    },
  };
}

/**
 * `silent` is fastify's no-op logger rather than a pino at level silent: the same nothing logged,
 * without building pino (and loading it, the first time in a process) at every start.
 */
function loggerOption(level: string): false | { level: string } {
  return level === SILENT ? false : { level };
}

function createFastify(options: AwsLocalOptions): FastifyInstance {
  const app = Fastify({
    logger: loggerOption(options.logLevel ?? SILENT),
    bodyLimit: BODY_LIMIT_BYTES,
    // The control API's JSON schemas check types as written: "5" is not a number, unknown members are refused.
    // Ajv does not check the schemas against the JSON Schema meta-schema at each start (compiling the
    // meta-schema was half of a start's CPU): they are constants, checked by test/…/control/route-compilers.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, validateSchema: false } },
    // Route schemas compile once per process, not once per instance (control/route-compilers.ts).
    schemaController: SHARED_SCHEMA_CONTROLLER,
  });
  // AWS clients send application/x-amz-json-1.1 (ECS and others also accept 1.0); Query clients (SQS) send forms.
  app.addContentTypeParser(
    ['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/x-www-form-urlencoded'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );
  return app;
}

/** The dispatcher with its guards (quotas, faults, IAM) and the time- and queue-driven workers around it. */
function assembleParts(
  app: FastifyInstance,
  env: EmulatorEnv,
  services: readonly ServiceDefinition[],
  options: AwsLocalOptions,
  iam: IamEnforcer | undefined,
): { local: AwsLocal; dispatcher: Dispatcher } {
  const faults = new FaultInjector(env.random);
  const requestLog = new RequestLog();
  const quota = new QuotaLimiter(
    resolveQuotas({ defaults: options.defaultQuotas ?? false, overrides: options.quotas }),
  );
  const onInternalError = (err: unknown, where: { service: string; operation: string }) =>
    app.log.error({ err, ...where }, 'aws-local operation failed unexpectedly');
  const dispatcher = new Dispatcher(services, env, faults, quota, requestLog, onInternalError, iam);
  const lambdas = new LambdaRegistry(ACCOUNT_ID);
  const delivery = resolveDeliveryOptions(options.delivery);
  const exclusive = <T>(work: () => Promise<T>) => dispatcher.exclusive(work);
  const eventSourceMappings = new EventSourceMappings({
    env,
    lambdas,
    exclusive,
    changes: dispatcher.changes,
    invocationTimeoutMs: delivery.invocationTimeoutMs,
    log: app.log,
  });
  const scheduler = new Scheduler({
    env,
    lambdas,
    delivery,
    exclusive,
    notifyChange: () => dispatcher.notifyChange(),
    log: app.log,
    tickIntervalMs: options.tickIntervalMs,
    otherBusy: () => eventSourceMappings.busy(),
  });
  const local: AwsLocal = {
    env,
    services,
    faults,
    requestLog,
    quota,
    lambdas,
    scheduler,
    eventSourceMappings,
    onClockMoved: async () => void (await scheduler.tick()),
    ...(iam ? { iam } : {}),
  };
  return { local, dispatcher };
}

/** `POST /`: every AWS JSON request, routed on its X-Amz-Target, and SQS's Query-protocol forms. */
function registerAwsRoute(
  app: FastifyInstance,
  dispatcher: Dispatcher,
  queryEndpoint: QueryEndpoint,
  scheduler: Scheduler,
): void {
  app.post('/', async (request, reply) => {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const target = header('x-amz-target');
    const wire = {
      authorization: header('authorization'),
      body: typeof request.body === 'string' ? request.body : '',
      origin: `${request.protocol}://${request.host}`,
    };
    // As SQS tells them apart: a form without X-Amz-Target is the Query protocol.
    const response =
      target === undefined && isQueryContentType(header('content-type'))
        ? await queryEndpoint.handle(wire)
        : await dispatcher.handle({ target, ...wire });
    // Events a caller put go to their targets now, not at the next tick.
    if (target === 'AWSEvents.PutEvents') scheduler.deliverPending();
    return reply.code(response.statusCode).headers(response.headers).send(response.body);
  });
}

function initialClockOffsetMs(store: StateStore, startClockAt: Date | undefined): number {
  const fresh = Object.keys(store.state.regions).length === 0 && store.state.clockOffsetMs === 0;
  if (!startClockAt || !fresh) return store.state.clockOffsetMs;
  const offset = startClockAt.getTime() - Date.now();
  if (!Number.isFinite(offset)) throw new RangeError('startClockAt must be a valid date');
  store.state.clockOffsetMs = offset;
  return offset;
}
