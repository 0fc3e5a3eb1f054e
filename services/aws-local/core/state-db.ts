/**
 * The state database: one SQLite file (Node's built-in `node:sqlite`) with
 * a row per resource, so a write costs the resources it changed and not the
 * whole state. Tables: `meta` (format, clock offset), `members` (per region,
 * service and top-level member: a collection, or a JSON value) and `entries`
 * (one JSON row per collection entry, in insertion order by rowid). Every
 * save is one transaction (WAL, synchronous=FULL): a crash leaves the
 * previous or the next state, never a mix.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';

export const STATE_FORMAT = 'aws-local-state/v2';

const SCHEMA = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE members (
    region TEXT NOT NULL, service TEXT NOT NULL, member TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('collection', 'value')), value TEXT,
    PRIMARY KEY (region, service, member));
  CREATE TABLE entries (
    region TEXT NOT NULL, service TEXT NOT NULL, member TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (region, service, member, key));
`;

export interface MemberRow {
  region: string;
  service: string;
  member: string;
  kind: 'collection' | 'value';
  value: string | null;
}

export interface EntryRow {
  region: string;
  service: string;
  member: string;
  key: string;
  value: string;
}

/** Why a file cannot be the state database; the store turns it into StateCorruptError. */
export class StateDbFormatError extends Error {
  override readonly name = 'StateDbFormatError';
}

export class StateDb {
  private readonly statements: Record<
    'setMeta' | 'putMember' | 'deleteMember' | 'putEntry' | 'deleteEntry' | 'deleteEntries',
    StatementSync
  >;
  private readonly db: DatabaseSync;

  private constructor(db: DatabaseSync) {
    this.db = db;

    this.statements = {
      setMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      putMember: db.prepare(
        `INSERT INTO members (region, service, member, kind, value) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (region, service, member) DO UPDATE SET kind = excluded.kind, value = excluded.value`,
      ),
      deleteMember: db.prepare('DELETE FROM members WHERE region = ? AND service = ? AND member = ?'),
      putEntry: db.prepare(
        `INSERT INTO entries (region, service, member, key, value) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (region, service, member, key) DO UPDATE SET value = excluded.value`,
      ),
      deleteEntry: db.prepare('DELETE FROM entries WHERE region = ? AND service = ? AND member = ? AND key = ?'),
      deleteEntries: db.prepare('DELETE FROM entries WHERE region = ? AND service = ? AND member = ?'),
    };
  }

  /** Opens (creating the schema in an empty file); StateDbFormatError when the file is something else. */
  static open(path: string): StateDb {
    const db = new DatabaseSync(path);
    try {
      const check = db.prepare('PRAGMA quick_check').get() as { quick_check?: string } | undefined;
      if (check?.quick_check !== 'ok') throw new StateDbFormatError(`integrity check failed: ${check?.quick_check}`);
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      // Schema and format in one transaction: a new file is whole or empty, never tables without a format.
      if (tables.length === 0)
        db.exec(`BEGIN; ${SCHEMA}; INSERT INTO meta (key, value) VALUES ('format', '${STATE_FORMAT}'); COMMIT;`);
      const format = tables.length === 0 ? STATE_FORMAT : readFormat(db);
      if (format !== STATE_FORMAT)
        throw new StateDbFormatError(`format is ${format ?? 'missing'}, not ${STATE_FORMAT}`);
      return new StateDb(db);
    } catch (err) {
      db.close();
      throw err instanceof StateDbFormatError ? err : new StateDbFormatError((err as Error).message, { cause: err });
    }
  }

  meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  members(): MemberRow[] {
    return this.db
      .prepare('SELECT region, service, member, kind, value FROM members ORDER BY rowid')
      .all() as unknown as MemberRow[];
  }

  entries(): EntryRow[] {
    return this.db
      .prepare('SELECT region, service, member, key, value FROM entries ORDER BY rowid')
      .all() as unknown as EntryRow[];
  }

  /** Runs `work` in one write transaction; anything it throws rolls the whole save back. */
  transaction(work: (writer: StateDbWriter) => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      work(this.writer);
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private readonly writer: StateDbWriter = {
    setMeta: (key, value) => void this.statements.setMeta.run(key, value),
    putMember: (r, s, m, kind, value) => void this.statements.putMember.run(r, s, m, kind, value),
    deleteMember: (r, s, m) => {
      this.statements.deleteEntries.run(r, s, m);
      this.statements.deleteMember.run(r, s, m);
    },
    putEntry: (r, s, m, key, value) => void this.statements.putEntry.run(r, s, m, key, value),
    deleteEntry: (r, s, m, key) => void this.statements.deleteEntry.run(r, s, m, key),
    deleteEntries: (r, s, m) => void this.statements.deleteEntries.run(r, s, m),
    clear: () => this.db.exec('DELETE FROM entries; DELETE FROM members;'),
  };
}

export interface StateDbWriter {
  setMeta(key: string, value: string): void;
  putMember(region: string, service: string, member: string, kind: 'collection' | 'value', value: string | null): void;
  deleteMember(region: string, service: string, member: string): void;
  putEntry(region: string, service: string, member: string, key: string, value: string): void;
  deleteEntry(region: string, service: string, member: string, key: string): void;
  deleteEntries(region: string, service: string, member: string): void;
  clear(): void;
}

function readFormat(db: DatabaseSync): string | undefined {
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'format'").get() as { value?: unknown } | undefined;
    return typeof row?.value === 'string' ? row.value : undefined;
  } catch (err) {
    throw new StateDbFormatError('not an aws-local state database (no meta table)', { cause: err });
  }
}
