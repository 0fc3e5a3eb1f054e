/**
 * Reads the state database back into plain service states, checking its
 * structure: a clock offset that is a number, entries that belong to a
 * collection, JSON that parses. Anything else is StateCorruptError naming
 * the row, never a silently partial state.
 */
import type { StateDb } from './state-db.ts';
import { StateCorruptError } from './state-errors.ts';
import type { PersistedState } from './persisted-state.ts';

export function loadState(db: StateDb, path: string): PersistedState {
  const offsetText = db.meta('clockOffsetMs') ?? '0';
  const clockOffsetMs = Number(offsetText);
  if (!Number.isFinite(clockOffsetMs))
    throw new StateCorruptError(path, `clockOffsetMs '${offsetText}' is not a number`);
  const regions: PersistedState['regions'] = {};
  const serviceOf = (region: string, service: string) =>
    ((regions[region] ??= {})[service] ??= {}) as Record<string, unknown>;
  const parse = (text: string, where: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new StateCorruptError(path, `${where} is not valid JSON`, { cause: err });
    }
  };
  for (const row of db.members()) {
    const where = `member ${row.region}/${row.service}/${row.member}`;
    if (row.kind === 'collection') serviceOf(row.region, row.service)[row.member] = {};
    else if (row.value === null) throw new StateCorruptError(path, `${where} has no value`);
    else serviceOf(row.region, row.service)[row.member] = parse(row.value, where);
  }
  for (const row of db.entries()) {
    const where = `entry ${row.region}/${row.service}/${row.member}/${row.key}`;
    const collection = regions[row.region]?.[row.service] as Record<string, unknown> | undefined;
    const target = collection?.[row.member];
    if (target === null || typeof target !== 'object' || Array.isArray(target)) {
      throw new StateCorruptError(path, `${where} belongs to no collection`);
    }
    (target as Record<string, unknown>)[row.key] = parse(row.value, where);
  }
  return { clockOffsetMs, regions };
}
