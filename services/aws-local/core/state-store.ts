import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export const STATE_FILE_NAME = 'state.json';
const STATE_FORMAT = 'aws-local-state/v1';

/** What `--state-dir` holds: every service's resources, per region, plus the clock. */
export interface PersistedState {
  format: typeof STATE_FORMAT;
  clockOffsetMs: number;
  regions: Record<string, Record<string, unknown>>;
}

/** A state file that exists but cannot be used: a startup error, never a silent reset. */
export class StateCorruptError extends Error {
  override readonly name = 'StateCorruptError';
  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`aws-local state file ${path} is unusable (${reason}); move it away or pass a fresh --state-dir`, options);
  }
}

export function emptyState(): PersistedState {
  return { format: STATE_FORMAT, clockOffsetMs: 0, regions: {} };
}

/**
 * Loads and saves the emulator's state. Saves are atomic (temp file in the same
 * directory, fsync, rename, fsync of the directory) and serialized, so a crash
 * leaves the previous or the new state, never a torn file. Without a directory
 * the state lives in memory only.
 */
export class StateStore {
  private pending: Promise<void> = Promise.resolve();
  private saveCount = 0;

  private constructor(
    readonly dir: string | undefined,
    public state: PersistedState,
  ) {}

  static inMemory(): StateStore {
    return new StateStore(undefined, emptyState());
  }

  static async open(dir: string): Promise<StateStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, STATE_FILE_NAME);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new StateStore(dir, emptyState());
      throw new StateCorruptError(path, (err as Error).message, { cause: err });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new StateCorruptError(path, 'not valid JSON', { cause: err });
    }
    const candidate = parsed as Partial<PersistedState> | null;
    if (!candidate || candidate.format !== STATE_FORMAT) {
      throw new StateCorruptError(path, `format is not ${STATE_FORMAT}`);
    }
    if (typeof candidate.clockOffsetMs !== 'number' || typeof candidate.regions !== 'object' || !candidate.regions) {
      throw new StateCorruptError(path, 'missing clockOffsetMs or regions');
    }
    return new StateStore(dir, candidate as PersistedState);
  }

  /** The state of one service in one region, created from `initial` on first use. */
  serviceState<S>(region: string, service: string, initial: () => S): S {
    const regionState = (this.state.regions[region] ??= {});
    return (regionState[service] ??= initial()) as S;
  }

  reset(): void {
    this.state = emptyState();
  }

  /** Writes the current state; concurrent calls are queued, each sees the latest state. */
  save(): Promise<void> {
    if (!this.dir) return Promise.resolve();
    const dir = this.dir;
    const next = this.pending.then(() => this.write(dir));
    // A failed save must not wedge the queue; the caller still sees the error.
    this.pending = next.catch(() => undefined);
    return next;
  }

  private async write(dir: string): Promise<void> {
    const target = join(dir, STATE_FILE_NAME);
    const temp = join(dir, `.${STATE_FILE_NAME}.${process.pid}.${++this.saveCount}.tmp`);
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(this.state));
      await handle.sync();
    } catch (err) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    await rename(temp, target);
    const dirHandle = await open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }
}
