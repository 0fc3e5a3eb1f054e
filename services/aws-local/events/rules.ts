/**
 * Finding the bus and the rule an operation names, with EventBridge's errors.
 */
import { AwsError } from '../core/aws-error.ts';
import type { OperationContext } from '../protocol/service.ts';
import { DEFAULT_EVENT_BUS, type EventsState, type StoredRule } from './state.ts';
import { ownEntry } from '../core/own-keys.ts';

/** "Event bus NAME does not exist.": the emulator only has the default bus. */
export function resolveEventBus(nameOrArn: string | undefined, ctx: OperationContext<EventsState>): string {
  if (nameOrArn === undefined) return DEFAULT_EVENT_BUS;
  const name = busName(nameOrArn);
  const arnOk = !nameOrArn.startsWith('arn:') || nameOrArn === defaultBusArn(ctx);
  if (name === DEFAULT_EVENT_BUS && arnOk) return DEFAULT_EVENT_BUS;
  throw new AwsError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
}

/** The bus name inside `arn:aws:events:REGION:ACCOUNT:event-bus/NAME`, or the name itself. */
export function busName(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:')
    ? nameOrArn.slice(nameOrArn.indexOf('event-bus/') + 'event-bus/'.length)
    : nameOrArn;
}

export function defaultBusArn(ctx: OperationContext<EventsState>): string {
  return ctx.arn('events', `event-bus/${DEFAULT_EVENT_BUS}`);
}

/** Rules on the default bus have `rule/NAME` ARNs (custom buses would add the bus name). */
export function ruleArn(ctx: OperationContext<EventsState>, name: string): string {
  return ctx.arn('events', `rule/${name}`);
}

export function requireRule(state: EventsState, name: string, bus: string): StoredRule {
  const rule = ownEntry(state.rules, name);
  if (!rule) throw new AwsError('ResourceNotFoundException', `Rule ${name} does not exist on EventBus ${bus}.`);
  return rule;
}
