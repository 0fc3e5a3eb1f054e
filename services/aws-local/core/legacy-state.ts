/**
 * State directories from before the database kept everything in one
 * `state.json` (format aws-local-state/v1). When a directory has that file
 * and no database yet, its state is imported once into the new database
 * (the file is left in place, unused from then on), so an upgrade never
 * silently starts from an empty state.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StateCorruptError } from './state-errors.ts';
import type { PersistedState } from './persisted-state.ts';

export const LEGACY_STATE_FILE_NAME = 'state.json';
const LEGACY_FORMAT = 'aws-local-state/v1';

export async function legacyState(dir: string): Promise<PersistedState | undefined> {
  const path = join(dir, LEGACY_STATE_FILE_NAME);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateCorruptError(path, (err as Error).message, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new StateCorruptError(path, 'not valid JSON', { cause: err });
  }
  const candidate = parsed as { format?: unknown; clockOffsetMs?: unknown; regions?: unknown } | null;
  if (!candidate || candidate.format !== LEGACY_FORMAT)
    throw new StateCorruptError(path, `format is not ${LEGACY_FORMAT}`);
  if (typeof candidate.clockOffsetMs !== 'number' || typeof candidate.regions !== 'object' || !candidate.regions) {
    throw new StateCorruptError(path, 'missing clockOffsetMs or regions');
  }
  return { clockOffsetMs: candidate.clockOffsetMs, regions: candidate.regions as PersistedState['regions'] };
}
