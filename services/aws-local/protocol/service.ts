import type { Clock } from '../core/clock.ts';
import type { StateStore } from '../core/state-store.ts';
import type { Timings } from '../core/timings.ts';
import type { AwsError } from '../core/aws-error.ts';
import type { AuthorizationRequest } from './authorization-request.ts';
import type { QueryProtocolDefinition } from './query/definition.ts';
import type { StructureShape } from './shape.ts';

/** The emulator-wide parts an operation may use beyond its own service's state. */
export interface EmulatorEnv {
  readonly accountId: string;
  readonly clock: Clock;
  readonly timings: Timings;
  readonly store: StateStore;
  /** Source of randomness for anything AWS randomizes (passwords use crypto, not this). */
  readonly random: () => number;
  /** Another service's state in a region, e.g. ACM reading the Private CA that signs for it. */
  stateOf<S>(serviceId: string, region: string): S;
}

export interface OperationContext<S> {
  readonly region: string;
  readonly accountId: string;
  readonly requestId: string;
  /** This service's state in the request's region. */
  readonly state: S;
  readonly env: EmulatorEnv;
  /** Scheme, host and port the request was sent to (`http://127.0.0.1:4566`): SQS builds queue URLs from it. */
  readonly origin: string;
  now(): Date;
  nowMs(): number;
  /** An ARN in the request's partition, region and account. */
  arn(service: string, resource: string, options?: { region?: string }): string;
  /** Effects injected into this request by the control API's faults (core/faults.ts), e.g. `ecs-rollout-failure`. */
  readonly injectedEffects?: readonly string[];
  /**
   * One more IAM check inside an operation (BatchGetSecretValue's per-secret
   * GetSecretValue): the AccessDeniedException to report, or undefined when
   * allowed. Always allowed for callers aws-local does not restrict.
   */
  authorize(request: AuthorizationRequest): Promise<AwsError | undefined>;
}

export interface OperationDefinition<S> {
  /** The input shape, validated (required, constraints) before `handle` runs. */
  readonly input: StructureShape;
  /** True when the operation changes state; the state file is saved before answering. */
  readonly mutates?: boolean;
  handle(input: any, ctx: OperationContext<S>): unknown;
}

export interface ServiceDefinition<S = any> {
  /** Id used in faults, quotas and the request log: `acm`, `acm-pca`, `secretsmanager`, `ecs`, `events`. */
  readonly id: string;
  /** `X-Amz-Target` prefix before the dot, e.g. `CertificateManager`. */
  readonly targetPrefix: string;
  /** Error name for constraint violations (AWS's framework answers `ValidationException`). */
  readonly validationErrorType?: string;
  /** Secrets Manager spells the error body's message `Message`; the others `message`. */
  readonly messageKey?: 'message' | 'Message';
  /** AWS JSON protocol version of responses: SQS speaks 1.0, the others 1.1. */
  readonly jsonVersion?: '1.0' | '1.1';
  /** Errors also carry `x-amzn-query-error: CODE;Sender|Receiver` (services moved from the Query protocol, SQS). */
  readonly queryCompatible?: boolean;
  /** Also served over the AWS Query protocol (form-encoded, XML answers): its wire names (protocol/query/). */
  readonly query?: QueryProtocolDefinition;
  initialState(): S;
  readonly operations: Record<string, OperationDefinition<S>>;
  /**
   * The IAM checks of each operation (`<service>/authorization.ts`). An
   * operation without an entry is refused to restricted callers (fail closed).
   */
  readonly authorization?: ServiceAuthorization<S>;
}

/** Identity helpers that give operation modules their types. */
export function defineOperation<S, I = any>(
  definition: OperationDefinition<S> & { handle(input: I, ctx: OperationContext<S>): unknown },
): OperationDefinition<S> {
  return definition;
}

export function defineService<S>(definition: ServiceDefinition<S>): ServiceDefinition<S> {
  return definition;
}

/**
 * What an operation is authorized as, computed from its validated input and
 * the current state (a resource's tags live in the state) before the handler
 * runs. Every check must pass; the first denial answers AccessDeniedException.
 */
export type OperationAuthorization<S> = (input: any, ctx: OperationContext<S>) => readonly AuthorizationRequest[];

/** One service's table: operation name → its checks. */
export type ServiceAuthorization<S> = Readonly<Record<string, OperationAuthorization<S>>>;
