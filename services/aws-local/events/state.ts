/**
 * What EventBridge keeps per region: the default event bus's rules with their
 * targets, and a bounded log of the events the bus accepted with the rules
 * each one matched. Plain JSON, persisted in the state file; times are epoch ms.
 */

/** The only bus the emulator has; other bus names answer ResourceNotFoundException. */
export const DEFAULT_EVENT_BUS = 'default';

/** How many accepted events the log keeps (oldest delivered dropped first; undelivered ones stay). */
export const MAX_RECORDED_EVENTS = 500;

export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface StoredTarget {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  DeadLetterConfig?: { Arn?: string };
  SqsParameters?: { MessageGroupId?: string };
}

export interface StoredRule {
  name: string;
  arn: string;
  eventBusName: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: RuleState;
  description?: string;
  roleArn?: string;
  tags: { Key: string; Value: string }[];
  /** In the order they were first added; PutTargets with a known Id replaces in place. */
  targets: StoredTarget[];
  createdAt: number;
  /** Schedule rules: fire times up to this instant are behind us (fired, or skipped while disabled). */
  scheduleCursor?: number;
}

/** An event as the bus delivers it (EventBridge's envelope). */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601 to the second, as EventBridge writes it: 2019-12-22T18:43:48Z. */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface RuleMatch {
  ruleName: string;
  ruleArn: string;
  /** The rule's targets when the event arrived (delivery reads these). */
  targets: StoredTarget[];
}

export type DeliveryStatus = 'PENDING' | 'SUCCEEDED' | 'DEAD_LETTER';

/** One target's delivery of one event: attempted until it succeeds or is dead-lettered. */
export interface DeliveryRecord {
  ruleName: string;
  targetId: string;
  targetArn: string;
  status: DeliveryStatus;
  attempts: number;
  /** The last failed attempt's error (`Name: message`). */
  lastError?: string;
  /** Why the delivery was given up (retries exhausted, no such function, …). */
  deadLetterReason?: string;
  /** What the function returned, for `GET /_aws-local/events` (handlers return summaries, never secrets). */
  result?: unknown;
  /** Shared-clock time the delivery succeeded or was dead-lettered. */
  finishedAt?: number;
}

export interface RecordedEvent {
  eventBusName: string;
  /** Shared-clock time the bus accepted the event. */
  receivedAt: number;
  envelope: EventEnvelope;
  matches: RuleMatch[];
  /** One per matched target; delivered asynchronously by the scheduler's delivery worker. */
  deliveries?: DeliveryRecord[];
}

export interface EventsState {
  /** Rules of the default bus by name. */
  rules: Record<string, StoredRule>;
  /** Accepted events, oldest first: at most MAX_RECORDED_EVENTS plus those with deliveries still PENDING. */
  events: RecordedEvent[];
}

export function initialEventsState(): EventsState {
  return { rules: {}, events: [] };
}
