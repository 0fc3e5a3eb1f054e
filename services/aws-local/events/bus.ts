/**
 * The default event bus: accepts an event, stamps it (id, account, region,
 * time from the shared clock), finds the ENABLED rules whose pattern matches
 * it, and records both in the bounded event log.
 *
 * `publishEvent` is the one entry point: PutEvents calls it for callers'
 * events, and emulated AWS services call it for the events they emit
 * (`source: aws.acm`, ...) — which is why it does not apply PutEvents' ban on
 * `aws.*` sources. Each matched target gets a PENDING delivery record; the
 * scheduler's delivery worker (scheduler/delivery-worker.ts) carries them out.
 *
 * It changes the events state in place: a caller outside an operation marked
 * `mutates: true` must `env.store.save()` afterwards for the log to persist.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorEnv } from '../protocol/service.ts';
import { matchesEventPattern, parseEventPattern, type EventPattern } from './event-pattern.ts';
import {
  DEFAULT_EVENT_BUS,
  MAX_RECORDED_EVENTS,
  type DeliveryRecord,
  type EventEnvelope,
  type EventsState,
  type RecordedEvent,
  type RuleMatch,
  type StoredRule,
} from './state.ts';

export interface PublishInput {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources?: string[];
  /** The event's own time; the shared clock's now when omitted. */
  time?: Date;
  /** `default` when omitted; events for any other bus are accepted and dropped, as AWS does. */
  eventBusName?: string;
}

export interface PublishResult {
  envelope: EventEnvelope;
  /** ENABLED rules on the bus that matched, in rule-name order. */
  matches: RuleMatch[];
}

export function publishEvent(env: EmulatorEnv, region: string, input: PublishInput): PublishResult {
  const state = env.stateOf<EventsState>('events', region);
  const receivedAt = env.clock.nowMs();
  const envelope: EventEnvelope = {
    version: '0',
    id: randomUUID(),
    'detail-type': input.detailType,
    source: input.source,
    account: env.accountId,
    time: eventTime(input.time ?? new Date(receivedAt)),
    region,
    resources: input.resources ?? [],
    detail: input.detail,
  };
  const eventBusName = input.eventBusName ?? DEFAULT_EVENT_BUS;
  const matches = eventBusName === DEFAULT_EVENT_BUS ? matchingRules(state, envelope) : [];
  record(state, { eventBusName, receivedAt, envelope, matches, deliveries: pendingDeliveries(matches) });
  return { envelope, matches };
}

/**
 * A schedule rule firing: EventBridge's `Scheduled Event` (source `aws.events`,
 * the rule's ARN in `resources`) goes to that rule's targets only — it is not
 * matched against event patterns.
 */
export function publishScheduledEvent(
  env: EmulatorEnv,
  region: string,
  rule: StoredRule,
  firedAt: number,
): EventEnvelope {
  const state = env.stateOf<EventsState>('events', region);
  const envelope: EventEnvelope = {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: env.accountId,
    time: eventTime(new Date(firedAt)),
    region,
    resources: [rule.arn],
    detail: {},
  };
  const matches: RuleMatch[] = [{ ruleName: rule.name, ruleArn: rule.arn, targets: jsonCopy(rule.targets) }];
  record(state, {
    eventBusName: DEFAULT_EVENT_BUS,
    receivedAt: env.clock.nowMs(),
    envelope,
    matches,
    deliveries: pendingDeliveries(matches),
  });
  return envelope;
}

/** Delivers a recorded event again to the targets it matched (EventBridge delivers at least once). */
export function redeliver(event: RecordedEvent, times: number): DeliveryRecord[] {
  const added: DeliveryRecord[] = [];
  for (let i = 0; i < times; i++) added.push(...pendingDeliveries(event.matches));
  (event.deliveries ??= []).push(...added);
  return added;
}

function pendingDeliveries(matches: RuleMatch[]): DeliveryRecord[] {
  return matches.flatMap((match) =>
    match.targets.map((target) => ({
      ruleName: match.ruleName,
      targetId: target.Id,
      targetArn: target.Arn,
      status: 'PENDING' as const,
      attempts: 0,
    })),
  );
}

function record(state: EventsState, event: RecordedEvent): void {
  state.events.push(event);
  trimLog(state.events);
}

/**
 * Drops the oldest events beyond MAX_RECORDED_EVENTS, but never one with a
 * PENDING delivery: the delivery worker finds its work in this log, so an
 * event dropped before the worker's next scan would never be delivered (a
 * tick in which ACM renews 1,000 certificates records 1,000 events at once).
 * The log exceeds its bound only while deliveries are outstanding.
 */
function trimLog(events: RecordedEvent[]): void {
  let excess = events.length - MAX_RECORDED_EVENTS;
  if (excess <= 0) return;
  // The usual case, one over with the oldest delivered, costs one look.
  if (!events.slice(0, excess).some(hasPendingDelivery)) {
    events.splice(0, excess);
    return;
  }
  const kept: RecordedEvent[] = [];
  for (const event of events) {
    if (excess > 0 && !hasPendingDelivery(event)) excess--;
    else kept.push(event);
  }
  if (kept.length < events.length) events.splice(0, events.length, ...kept);
}

function hasPendingDelivery(event: RecordedEvent): boolean {
  return (event.deliveries ?? []).some((d) => d.status === 'PENDING');
}

/** The rules of the default bus that would receive `envelope` now. */
export function matchingRules(state: EventsState, envelope: EventEnvelope): RuleMatch[] {
  return Object.values(state.rules)
    .filter((rule) => rule.state !== 'DISABLED' && rule.eventPattern !== undefined)
    .filter((rule) => ruleMatches(rule, envelope))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((rule) => ({ ruleName: rule.name, ruleArn: rule.arn, targets: jsonCopy(rule.targets) }));
}

function ruleMatches(rule: StoredRule, envelope: EventEnvelope): boolean {
  const pattern = compiled(rule.eventPattern!);
  return pattern !== undefined && matchesEventPattern(pattern, envelope as unknown as Record<string, unknown>);
}

// Stored patterns were validated by PutRule; compiling each once keeps busy buses cheap.
const compiledPatterns = new Map<string, EventPattern | undefined>();
const MAX_COMPILED_PATTERNS = 1000;

function compiled(text: string): EventPattern | undefined {
  if (!compiledPatterns.has(text)) {
    if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
    let pattern: EventPattern | undefined;
    try {
      pattern = parseEventPattern(text);
    } catch {
      pattern = undefined; // a state file edited by hand: such a rule matches nothing
    }
    compiledPatterns.set(text, pattern);
  }
  return compiledPatterns.get(text);
}

/** EventBridge writes event times to the second: 2019-12-22T18:43:48Z. */
export function eventTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A deep copy of JSON state. Not structuredClone: with a state directory the
 * state is handed out behind change-tracking proxies, which it cannot clone.
 */
function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
