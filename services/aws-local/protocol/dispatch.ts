import { randomUUID } from 'node:crypto';
import type { FaultInjector } from '../core/faults.ts';
import type { QuotaLimiter } from '../core/quota.ts';
import type { RequestLog } from '../core/request-log.ts';
import { AwsError, protocolErrors } from '../core/aws-error.ts';
import { parseCredentialScope } from './credential-scope.ts';
import { ChangeSignal, PollAgain, POLL_RECHECK_MS } from './poll-again.ts';
import type { IamEnforcer } from '../iam/enforcer.ts';
import type { IamPrincipal } from '../iam/config.ts';
import type { AuthorizationRequest } from './authorization.ts';
import type { EmulatorEnv, OperationContext, ServiceDefinition } from './service.ts';
import { validateInput } from './shape.ts';
import { toWire } from './wire.ts';

export interface WireRequest {
  target: string | undefined;
  authorization: string | undefined;
  body: string;
  /** Scheme, host and port the client used (`http://127.0.0.1:4566`). */
  origin?: string;
}

export interface WireResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const DEFAULT_ORIGIN = 'http://localhost';

/** One request on its way through the dispatcher. */
interface Call {
  request: WireRequest;
  service: ServiceDefinition | undefined;
  operationName: string | undefined;
  region: string;
  accessKeyId: string | undefined;
  requestId: string;
}

interface Outcome {
  statusCode: number;
  body: string;
  errorType?: string | undefined;
  queryError?: string | undefined;
}

/**
 * Routes one AWS JSON 1.1 request to its operation, checking in AWS's order:
 * target, quota and injected faults, JSON, required members and constraints
 * (the shape), IAM for restricted callers (nothing runs when it denies), then
 * the operation's own existence and state checks. Operations
 * run one at a time so that check-then-write sequences are never interleaved.
 */
export class Dispatcher {
  private readonly byPrefix: Map<string, ServiceDefinition>;
  private queue: Promise<unknown> = Promise.resolve();
  /** Notified after every mutating operation and by `notifyChange()`: wakes long polls. */
  readonly changes = new ChangeSignal();

  constructor(
    services: readonly ServiceDefinition[],
    private readonly env: EmulatorEnv,
    private readonly faults: FaultInjector,
    private readonly quota: QuotaLimiter,
    private readonly log: RequestLog,
    private readonly onInternalError: (err: unknown, where: { service: string; operation: string }) => void,
    private readonly iam?: IamEnforcer,
  ) {
    this.byPrefix = new Map(services.map((s) => [s.targetPrefix, s]));
  }

  async handle(request: WireRequest): Promise<WireResponse> {
    const started = performance.now();
    const requestId = randomUUID();
    const { region, accessKeyId } = parseCredentialScope(request.authorization);
    const [prefix, operationName] = splitTarget(request.target);
    const service = prefix ? this.byPrefix.get(prefix) : undefined;
    const call: Call = { request, service, operationName, region, accessKeyId, requestId };
    const outcome = await this.outcome(call);
    this.log.add({
      time: new Date().toISOString(),
      region,
      service: service?.id ?? 'unknown',
      operation: operationName ?? '',
      status: outcome.statusCode,
      errorType: outcome.errorType,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
    });
    return wireResponse(service, requestId, outcome);
  }

  /** The operation's answer, or the error it raised, as a status and a JSON body. */
  private async outcome(call: Call): Promise<Outcome> {
    const { service, operationName } = call;
    try {
      const result = await this.run(call);
      return { statusCode: 200, body: JSON.stringify(toWire(result ?? {})) };
    } catch (err) {
      if (!(err instanceof AwsError))
        this.onInternalError(err, { service: service?.id ?? '', operation: operationName ?? '' });
      const error = err instanceof AwsError ? err : INTERNAL_FAILURE();
      const statusCode = error.statusCode;
      return {
        statusCode,
        errorType: error.type,
        body: JSON.stringify({ __type: error.type, [service?.messageKey ?? 'message']: error.message }),
        queryError: service?.queryCompatible
          ? `${error.queryCode ?? error.type};${statusCode >= 500 ? 'Receiver' : 'Sender'}`
          : undefined,
      };
    }
  }

  /** The checks in AWS's order, then the operation itself (one at a time, long polls retried). */
  private async run({ request, service, operationName, region, accessKeyId, requestId }: Call): Promise<unknown> {
    const operation = service && operationName ? service.operations[operationName] : undefined;
    if (!service || !operation) throw protocolErrors.unknownOperation(request.target ?? '');
    this.quota.take(region, service.id, operationName!);
    const fault = this.faults.roll(service.id, operationName!);
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    if (fault.error) throw fault.error;
    const raw = parseJson(request.body);
    const input = validateInput(raw, operation.input, service.validationErrorType);
    const origin = request.origin ?? DEFAULT_ORIGIN;
    const principal = this.iam?.principalFor(accessKeyId);
    return this.longPolled(() =>
      this.serialized(async () => {
        const ctx = {
          ...this.context(service, region, requestId, origin, principal),
          injectedEffects: fault.effects,
        };
        if (principal) await this.authorizeOperation(principal, service, operationName!, input, ctx);
        const output = await operation.handle(input, ctx);
        if (operation.mutates) {
          await this.env.store.save();
          this.changes.notify();
        }
        return output;
      }),
    );
  }

  /** Throws the AccessDeniedException when the operation's checks (its `authorization` entry) are not all allowed. */
  private async authorizeOperation(
    principal: IamPrincipal,
    service: ServiceDefinition,
    operationName: string,
    input: unknown,
    ctx: OperationContext<unknown>,
  ): Promise<void> {
    const checks = service.authorization?.[operationName];
    // Fail closed: an operation nobody mapped to IAM is never open to a restricted caller.
    if (!checks) throw protocolErrors.unmappedOperation(service.id, operationName);
    const denied = await this.iam!.authorize(principal, ctx.region, checks(input, ctx));
    if (denied) throw denied;
  }

  private context(
    service: ServiceDefinition,
    region: string,
    requestId: string,
    origin: string,
    principal: IamPrincipal | undefined,
  ): OperationContext<unknown> {
    const env = this.env;
    const iam = this.iam;
    return {
      authorize: (check: AuthorizationRequest) =>
        principal && iam ? iam.authorize(principal, region, [check]) : Promise.resolve(undefined),
      region,
      accountId: env.accountId,
      requestId,
      origin,
      state: env.stateOf(service.id, region),
      env,
      now: () => env.clock.now(),
      nowMs: () => env.clock.nowMs(),
      arn: (arnService, resource, options) =>
        `arn:aws:${arnService}:${options?.region ?? region}:${env.accountId}:${resource}`,
    };
  }

  /**
   * Runs `work` in the same one-at-a-time queue as operations: time-driven
   * work (managed renewals, schedule firings) changes state like an operation
   * and must not interleave with one.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.serialized(work);
  }

  /** Wakes long polls: state changed outside an operation (a delivery enqueued a message). */
  notifyChange(): void {
    this.changes.notify();
  }

  /**
   * Runs `attempt` until it returns something other than PollAgain or the
   * poll's wait has passed; between attempts the operations' queue is free.
   */
  private async longPolled(attempt: () => Promise<unknown>): Promise<unknown> {
    let output = await attempt();
    if (!(output instanceof PollAgain)) return output;
    const deadline = Date.now() + output.waitMs;
    while (output instanceof PollAgain) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return output.emptyResult;
      await this.changes.next(Math.min(remaining, POLL_RECHECK_MS));
      output = await attempt();
    }
    return output;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function wireResponse(service: ServiceDefinition | undefined, requestId: string, outcome: Outcome): WireResponse {
  const contentType = `application/x-amz-json-${service?.jsonVersion ?? '1.1'}`;
  const headers: Record<string, string> = { 'content-type': contentType, 'x-amzn-requestid': requestId };
  if (outcome.errorType) headers['x-amzn-errortype'] = outcome.errorType;
  if (outcome.queryError) headers['x-amzn-query-error'] = outcome.queryError;
  return { statusCode: outcome.statusCode, headers, body: outcome.body };
}

function splitTarget(target: string | undefined): [string | undefined, string | undefined] {
  if (!target) return [undefined, undefined];
  const dot = target.lastIndexOf('.');
  if (dot < 1) return [undefined, undefined];
  return [target.slice(0, dot), target.slice(dot + 1)];
}

function parseJson(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    throw protocolErrors.serialization('Request body is not valid JSON');
  }
}

// The emulator's own bug: answer like AWS would and keep details out of the body.
const INTERNAL_FAILURE = () =>
  new AwsError('InternalFailure', 'The request processing has failed because of an unknown error.', 500);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
