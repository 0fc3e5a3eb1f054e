import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Owner to give written files; both undefined keeps the agent's own. */
export interface Ownership {
  uid?: number;
  gid?: number;
}

/**
 * Creates `path` (which must not exist) with exactly `mode`, `content` and
 * owner, and flushes it to the device before returning: a later rename then
 * never publishes an empty or partial file.
 */
export async function writeNewFileDurably(
  path: string,
  content: string | Buffer,
  mode: number,
  owner: Ownership = {},
): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(content);
    // The umask may have narrowed the mode given to open.
    await handle.chmod(mode);
    if (owner.uid !== undefined || owner.gid !== undefined) await handle.chown(owner.uid ?? -1, owner.gid ?? -1);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a directory's entries (a rename or create in it) to the device. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A hidden name next to `path` for a temporary, unique per call. */
export function temporarySibling(path: string, prefix = '.tmp-'): string {
  return join(dirname(path), `${prefix}${basename(path)}-${randomBytes(6).toString('hex')}`);
}

/**
 * Replaces `path` atomically (write-file-atomic's recipe): a temporary file
 * in the same directory with its final mode and owner, fsync, rename, fsync
 * of the directory. Readers see the old file or the new one, never a mix.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Buffer,
  mode: number,
  owner: Ownership = {},
): Promise<void> {
  const temporary = temporarySibling(path);
  try {
    await writeNewFileDurably(temporary, content, mode, owner);
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  await syncDirectory(dirname(path));
}
