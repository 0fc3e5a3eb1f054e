import type { FaultInjector } from './core/faults.js';
import type { QuotaLimiter } from './core/quota.js';
import type { RequestLog } from './core/request-log.js';
import type { IamEnforcer } from './iam/enforcer.js';
import type { EventSourceMappings } from './event-source-mappings/registry.js';
import type { LambdaRegistry } from './lambda-targets/registry.js';
import type { Scheduler } from './scheduler/scheduler.js';
import type { EmulatorEnv, ServiceDefinition } from './protocol/service.js';

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
