import type { FaultInjector } from './core/faults.ts';
import type { QuotaLimiter } from './core/quota.ts';
import type { RequestLog } from './core/request-log.ts';
import type { IamEnforcer } from './iam/enforcer.ts';
import type { EventSourceMappings } from './event-source-mappings/registry.ts';
import type { LambdaRegistry } from './lambda-targets/registry.ts';
import type { Scheduler } from './scheduler/scheduler.ts';
import type { EmulatorEnv, ServiceDefinition } from './protocol/service.ts';

/** The emulator's parts, reachable from the control API and from tests. */
export interface AwsLocal {
  readonly env: EmulatorEnv;
  readonly services: readonly ServiceDefinition[];
  readonly faults: FaultInjector;
  readonly requestLog: RequestLog;
  readonly quota: QuotaLimiter;
  /** Lambda handlers EventBridge targets reach: `lambdas.register(arnOrName, handler)`. */
  readonly lambdas: LambdaRegistry;
  /** Time-driven work (managed renewals, ACM events, schedule rules) and event deliveries. */
  readonly scheduler: Scheduler;
  /** SQS queues polled into registered handlers: `eventSourceMappings.create({EventSourceArn, FunctionName, ...})`. */
  readonly eventSourceMappings: EventSourceMappings;
  /** Called after the clock moves, so time-driven work can run. */
  onClockMoved(): Promise<void>;
  /** IAM enforcement and its report, when `iam` was given. */
  readonly iam?: IamEnforcer;
}
