import { listInventory } from './bound-identities.ts';
import { mapWithConcurrency } from './bounded-concurrency.ts';
import { failureOf, type RenewalSummary } from './renewal-summary.ts';
import { reconcileIdentity, type RenewalContext } from './renew-identity.ts';
import { orderFromCursor, saveSweepCursor } from './sweep-cursor.ts';
import { dueReason, leftToEvents, listAcmCertificates, type AcmListing } from './sweep-inventory.ts';

/** What one sweep covered, for its summary line. */
export interface SweepReport {
  identities: number;
  due: number;
  reconciled: number;
  /** False when the deadline stopped it: the next sweep continues after `cursor`. */
  complete: boolean;
  cursor?: string;
}

/**
 * The reconcile sweep as an inventory: ListSecrets pages (tags, version
 * stages) and ACM ListCertificates pages decide which identities are due
 * (sweep-inventory.ts); only those are reconciled, in name order from where
 * the last unfinished sweep stopped. No identity is started once less than
 * `sweepReserveMs` is left before the deadline (at least one always is, so
 * each sweep makes progress): every due identity is reached within
 * ceil(due / reconciled-per-sweep) sweeps, however large the fleet.
 */
export async function runSweep(ctx: RenewalContext, summary: RenewalSummary): Promise<SweepReport> {
  const inventory = await listInventory(ctx.clients.secrets, { withSweepState: true });
  const acm: ReadonlyMap<string, AcmListing> = inventory.identities.some((b) => b.source === 'acm')
    ? await listAcmCertificates(ctx.clients.acm)
    : new Map();
  const now = ctx.now().getTime();
  const due = inventory.identities.filter((bound) => dueReason(bound, acm, now, ctx.options) !== undefined);
  noteLeftToEvents(summary, leftToEvents(inventory.identities, acm, now, ctx.options.eventGraceMs));
  const ordered = orderFromCursor(due, inventory.sweepState?.cursor);
  ctx.logger.info(
    { identities: inventory.identities.length, due: due.length, cursor: inventory.sweepState?.cursor },
    'reconcile sweep',
  );
  let started = 0;
  let stopped = false;
  await mapWithConcurrency(ordered, ctx.options.identityConcurrency, async (bound) => {
    if (stopped || (started > 0 && !timeForAnother(ctx))) {
      stopped = true;
      return;
    }
    started++;
    await reconcileIdentity(ctx, bound, { kind: 'sweep' }, summary);
  });
  // Identities start in order, so the started ones are a prefix of `ordered`.
  const cursor = stopped ? (ordered[started - 1]?.identity ?? '') : '';
  try {
    await saveSweepCursor(ctx.clients.secrets, inventory.sweepState, cursor);
  } catch (err) {
    summary.failures.push(failureOf(err, {}));
  }
  if (stopped) summary.notes.push(`deadline: ${ordered.length - started} due identities left to the next sweep`);
  return {
    identities: inventory.identities.length,
    due: due.length,
    reconciled: started,
    complete: !stopped,
    cursor: cursor || undefined,
  };
}

/** Names in one note at most: a renewal storm leaves thousands to their events. */
const NOTE_NAMES = 10;

function noteLeftToEvents(summary: RenewalSummary, names: string[]): void {
  if (names.length === 0) return;
  const more = names.length > NOTE_NAMES ? ` and ${names.length - NOTE_NAMES} more` : '';
  summary.notes.push(
    `${names.slice(0, NOTE_NAMES).join(', ')}${more}: ACM renewed them within the event grace; left to their RENEWAL events`,
  );
}

function timeForAnother(ctx: RenewalContext): boolean {
  return ctx.deadline === undefined || ctx.deadline - Date.now() > ctx.options.sweepReserveMs;
}
