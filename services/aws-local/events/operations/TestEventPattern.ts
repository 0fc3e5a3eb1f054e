import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { matchesEventPattern } from '../event-pattern.ts';
import { requireValidPattern } from '../pattern-errors.ts';
import { eventPattern } from '../shapes.ts';
import type { EventsState } from '../state.ts';

/** The envelope fields TestEventPattern insists on (AWS lists `resources` too but does not enforce it). */
const MANDATORY_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

export default defineOperation<EventsState, { EventPattern: string; Event: string }>({
  input: t.structure({ EventPattern: t.required(eventPattern()), Event: t.required(t.string()) }),
  handle(input: { EventPattern: string; Event: string }) {
    const event = parseEvent(input.Event);
    const pattern = requireValidPattern(input.EventPattern);
    return { Result: matchesEventPattern(pattern, event) };
  },
});

function parseEvent(text: string): Record<string, unknown> {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    event = undefined;
  }
  if (
    event === null ||
    typeof event !== 'object' ||
    Array.isArray(event) ||
    !MANDATORY_EVENT_FIELDS.every((field) => field in event)
  ) {
    throw new AwsError('ValidationException', 'Parameter Event is not valid.');
  }
  return event as Record<string, unknown>;
}
