import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { publishEvent } from '../bus.ts';
import { checkEntry, entrySize, MAX_REQUEST_SIZE, type PutEventsEntry } from '../event-entry.ts';
import { busName } from '../rules.ts';
import { nonPartnerEventBusNameOrArn } from '../shapes.ts';
import type { EventsState } from '../state.ts';

/**
 * Accepts up to ten events. Each accepted one gets an EventId and is matched
 * against the bus's rules (see bus.ts); each rejected one gets ErrorCode and
 * ErrorMessage in its slot, and FailedEntryCount counts them. Events for a
 * bus that does not exist are accepted and go nowhere, as on AWS.
 */
export default defineOperation<EventsState, { Entries: PutEventsEntry[]; EndpointId?: string }>({
  mutates: true,
  input: t.structure({
    Entries: t.required(
      t.list(
        t.structure({
          Time: t.timestamp(),
          Source: t.string(),
          Resources: t.list(t.string({ max: 2048 })),
          DetailType: t.string(),
          Detail: t.string(),
          EventBusName: nonPartnerEventBusNameOrArn(),
          TraceHeader: t.string({ min: 1, max: 500 }),
        }),
        { min: 1, max: 10 },
      ),
    ),
    EndpointId: t.string({ min: 1, max: 50, pattern: /^[A-Za-z0-9-]+[.][A-Za-z0-9-]+$/ }),
  }),
  handle(input: { Entries: PutEventsEntry[]; EndpointId?: string }, ctx) {
    const total = input.Entries.reduce((sum, entry) => sum + entrySize(entry), 0);
    if (total > MAX_REQUEST_SIZE) {
      throw new AwsError('ValidationException', 'Total size of the entries in the request is over the limit.');
    }
    let failed = 0;
    const Entries = input.Entries.map((entry) => {
      const checked = checkEntry(entry);
      if (!checked.ok) {
        failed++;
        return checked.failure;
      }
      const { envelope } = publishEvent(ctx.env, ctx.region, {
        source: checked.source,
        detailType: checked.detailType,
        detail: checked.detail,
        resources: entry.Resources,
        time: entry.Time,
        eventBusName: entry.EventBusName === undefined ? undefined : busName(entry.EventBusName),
      });
      return { EventId: envelope.id };
    });
    return { FailedEntryCount: failed, Entries };
  },
});
