/**
 * Schedule rules as a source of due occurrences. After a clock jump a rule
 * fires once, at the latest fire time that was crossed (EventBridge does
 * not backfill missed invocations); a DISABLED rule's missed fire times are
 * skipped, so enabling it does not fire for the time it was off.
 */
import { earliest, OCCURRENCE_RANK, type Occurrence } from '../scheduler/occurrence.ts';
import type { EmulatorEnv } from '../protocol/service.ts';
import { publishScheduledEvent } from './bus.ts';
import { parseSchedule } from './schedule-times.ts';
import type { EventsState } from './state.ts';

export function nextScheduleFiring(
  env: EmulatorEnv,
  region: string,
  events: EventsState,
  nowMs: number,
): Occurrence | undefined {
  const candidates: Occurrence[] = [];
  for (const rule of Object.values(events.rules)) {
    if (!rule.scheduleExpression) continue;
    const cursor = rule.scheduleCursor ?? rule.createdAt;
    const schedule = parseSchedule(rule.scheduleExpression, rule.createdAt);
    const next = schedule?.nextAfter(cursor);
    if (next === undefined || next > nowMs) continue;
    const key = `events:${region}:${rule.name}:schedule`;
    if (rule.state === 'DISABLED') {
      candidates.push({ at: next, rank: OCCURRENCE_RANK.schedule, key, run: () => void (rule.scheduleCursor = nowMs) });
      continue;
    }
    const firedAt = schedule!.latestBetween(cursor, nowMs) ?? next;
    candidates.push({
      at: firedAt,
      rank: OCCURRENCE_RANK.schedule,
      key,
      run: () => {
        rule.scheduleCursor = firedAt;
        publishScheduledEvent(env, region, rule, firedAt);
      },
    });
  }
  return earliest(candidates);
}
