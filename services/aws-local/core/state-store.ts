import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ChangeTracker, isPlainObject, type DirtySet } from './change-tracker.ts';
import { StateDb, StateDbFormatError, type StateDbWriter } from './state-db.ts';
import { legacyState, LEGACY_STATE_FILE_NAME } from './legacy-state.ts';
import { emptyState, type PersistedState } from './persisted-state.ts';
import { StateCorruptError } from './state-errors.ts';
import { loadState } from './state-load.ts';

export { StateCorruptError };

export const STATE_FILE_NAME = 'state.sqlite';

export { emptyState, type PersistedState };

/**
 * Loads and saves the emulator's state. With a directory, the state lives in
 * an SQLite database (state-db.ts) and each save writes, in one transaction,
 * only the resources changed since the previous save (found by the change
 * tracker), so a write's cost does not grow with the number of resources.
 * Without a directory the state lives in memory only, untracked.
 */
export class StateStore {
  state: PersistedState;
  private readonly raw = new Map<string, Record<string, unknown>>();
  private cleared = false;
  /** The clock offset in the database (NaN: unknown), so a save with nothing changed writes nothing. */
  private savedClockOffsetMs = Number.NaN;

  private constructor(
    readonly dir: string | undefined,
    private readonly db: StateDb | undefined,
    private readonly tracker: ChangeTracker | undefined,
  ) {
    this.state = emptyState();
  }

  static inMemory(): StateStore {
    return new StateStore(undefined, undefined, undefined);
  }

  /** Opens the directory's database; StateCorruptError when it (or a legacy state.json to import) is unusable. */
  static async open(dir: string): Promise<StateStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, STATE_FILE_NAME);
    const fresh = !existsSync(path);
    // Read before the database exists, so an unusable state.json stops every start, not just the first.
    const legacy = fresh ? await legacyState(dir) : undefined;
    // Created owner-only before SQLite opens it: the database holds secret values and keys.
    if (fresh) closeSync(openSync(path, 'a', 0o600));
    let db: StateDb;
    try {
      db = StateDb.open(path);
    } catch (err) {
      const reason = err instanceof StateDbFormatError ? err.message : String(err);
      throw new StateCorruptError(path, reason, { cause: err });
    }
    const store = new StateStore(dir, db, new ChangeTracker());
    try {
      const loaded = legacy ?? loadState(db, path);
      store.state.clockOffsetMs = loaded.clockOffsetMs;
      for (const [region, services] of Object.entries(loaded.regions)) {
        for (const [service, raw] of Object.entries(services)) {
          store.adopt(region, service, raw as Record<string, unknown>, legacy !== undefined);
        }
      }
      if (legacy) await store.save();
    } catch (err) {
      db.close();
      throw err;
    }
    return store;
  }

  /** The state of one service in one region, created from `initial` on first use. */
  serviceState<S>(region: string, service: string, initial: () => S): S {
    const existing = this.state.regions[region]?.[service];
    if (existing !== undefined) return existing as S;
    return this.adopt(region, service, initial() as Record<string, unknown>, true) as S;
  }

  reset(): void {
    this.state = emptyState();
    this.raw.clear();
    this.tracker?.drain();
    this.cleared = true;
  }

  /** Writes what changed since the last save in one transaction; in memory, does nothing. */
  save(): Promise<void> {
    if (!this.db || !this.tracker) return Promise.resolve();
    const dirty = this.tracker.drain();
    const cleared = this.cleared;
    const offset = this.state.clockOffsetMs;
    if (!cleared && dirty.members.size === 0 && dirty.entries.size === 0 && offset === this.savedClockOffsetMs) {
      return Promise.resolve();
    }
    this.cleared = false;
    try {
      this.db.transaction((writer) => {
        if (cleared) writer.clear();
        writer.setMeta('clockOffsetMs', String(offset));
        this.writeDirty(writer, dirty);
      });
      this.savedClockOffsetMs = offset;
    } catch (err) {
      this.tracker.requeue(dirty);
      this.cleared ||= cleared;
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return Promise.resolve();
  }

  /** Closes the database (the app's onClose); later saves fail. */
  close(): void {
    this.db?.close();
  }

  private adopt(region: string, service: string, raw: Record<string, unknown>, isNew: boolean): unknown {
    this.raw.set(`${region}\0${service}`, raw);
    const tracked = this.tracker ? this.tracker.track(region, service, raw) : raw;
    (this.state.regions[region] ??= {})[service] = tracked;
    if (isNew) this.tracker?.markAll(region, service, raw);
    return tracked;
  }

  private writeDirty(writer: StateDbWriter, dirty: DirtySet): void {
    for (const id of dirty.members) {
      const [region, service, member] = id.split('\0') as [string, string, string];
      const value = this.raw.get(`${region}\0${service}`)?.[member];
      writer.deleteMember(region, service, member);
      if (value === undefined) continue;
      if (isPlainObject(value)) {
        writer.putMember(region, service, member, 'collection', null);
        for (const [key, entry] of Object.entries(value))
          writer.putEntry(region, service, member, key, JSON.stringify(entry));
      } else {
        writer.putMember(region, service, member, 'value', JSON.stringify(value));
      }
    }
    for (const [id, keys] of dirty.entries) {
      if (dirty.members.has(id)) continue;
      const [region, service, member] = id.split('\0') as [string, string, string];
      const collection = this.raw.get(`${region}\0${service}`)?.[member];
      if (!isPlainObject(collection)) continue;
      for (const key of keys) {
        const entry = collection[key];
        if (entry === undefined) writer.deleteEntry(region, service, member, key);
        else writer.putEntry(region, service, member, key, JSON.stringify(entry));
      }
    }
  }
}

export { LEGACY_STATE_FILE_NAME };
