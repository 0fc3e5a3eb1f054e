import type { Stats } from 'node:fs';
import { chmod, chown, lstat, mkdir, readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ownership } from './atomic-write.ts';
import { AgentError } from './errors.ts';

/** Only Envoy's user may look inside the out-dir (it holds the decrypted key). */
export const OUT_DIR_MODE = 0o700;

/** Who the agent runs as; injectable so tests can play a non-root agent. */
export interface AgentIdentity {
  euid: number;
}

/**
 * Makes sure the output directory is the agent's own before anything is
 * written into it: anyone who can write there (or who owns it, and so can
 * chmod it back) could swap `current` to files of their choosing or read the
 * key. A directory that does not exist is created 0700 and given to
 * `--uid/--gid`. One that exists (directly or behind a symlink, whose own
 * owner counts too: whoever owns the link can re-point it) must be owned by
 * the agent's user or by `--uid`, and hold nothing owned by anyone else; a
 * mode wider than 0700 is narrowed when the agent can, refused when it cannot.
 *
 * @throws AgentError OUT_DIR_UNSAFE, OUT_DIR_UNWRITABLE
 */
export async function prepareOutDir(
  outDir: string,
  owner: Ownership = {},
  agent: AgentIdentity = { euid: process.geteuid?.() ?? -1 },
): Promise<void> {
  const trusted = new Set([agent.euid, ...(owner.uid === undefined ? [] : [owner.uid])]);
  const found = await lstatIfExists(outDir);
  if (!found) {
    await createOwnDirectory(outDir, owner);
    return;
  }
  let dir = outDir;
  let info = found;
  if (found.isSymbolicLink()) {
    assertTrustedOwner(outDir, found, trusted, 'the symlink');
    dir = await realpath(outDir);
    info = await lstat(dir);
  }
  if (!info.isDirectory()) throw unsafe(outDir, `it is not a directory`, 'remove it or choose another --out-dir');
  assertTrustedOwner(outDir, info, trusted, dir === outDir ? 'it' : `its target ${dir}`);
  await narrowMode(outDir, dir, info, owner);
  for (const entry of await readdir(dir)) {
    const entryInfo = await lstat(join(dir, entry));
    if (!trusted.has(entryInfo.uid)) {
      throw unsafe(
        outDir,
        `it holds ${entry}, owned by uid ${entryInfo.uid}, not by the agent (uid ${agent.euid})${owner.uid === undefined ? '' : ` or --uid ${owner.uid}`}`,
        'someone else wrote into it; remove the directory and restart the agent',
      );
    }
  }
}

async function lstatIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unwritableOutDir(path, err);
  }
}

async function createOwnDirectory(outDir: string, owner: Ownership): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true, mode: OUT_DIR_MODE });
    // The umask may have narrowed the mode given to mkdir; nothing may widen it.
    await chmod(outDir, OUT_DIR_MODE);
    if (owner.uid !== undefined || owner.gid !== undefined) await chown(outDir, owner.uid ?? -1, owner.gid ?? -1);
  } catch (err) {
    throw unwritableOutDir(outDir, err);
  }
}

function assertTrustedOwner(outDir: string, info: Stats, trusted: ReadonlySet<number>, what: string): void {
  if (trusted.has(info.uid)) return;
  const owners = [...trusted].map((uid) => `uid ${uid}`).join(' or ');
  throw unsafe(
    outDir,
    `${what} is owned by uid ${info.uid}, not by ${owners}: its owner could swap the agent's files or read the key`,
    'remove it (or give it to the agent user) or choose another --out-dir',
  );
}

/** Group or other access is narrowed to 0700 when the agent may chmod (it or root owns the directory). */
async function narrowMode(outDir: string, dir: string, info: Stats, owner: Ownership): Promise<void> {
  const wrongOwner =
    (owner.uid !== undefined && info.uid !== owner.uid) || (owner.gid !== undefined && info.gid !== owner.gid);
  if ((info.mode & 0o777) === OUT_DIR_MODE && !wrongOwner) return;
  try {
    await chmod(dir, OUT_DIR_MODE);
    if (wrongOwner) await chown(dir, owner.uid ?? -1, owner.gid ?? -1);
  } catch (err) {
    throw unsafe(
      outDir,
      `its mode is ${(info.mode & 0o777).toString(8).padStart(4, '0')} and the agent cannot narrow it to 0700 (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      'let the agent user own it, or choose another --out-dir',
    );
  }
}

function unsafe(outDir: string, why: string, fix: string): AgentError {
  return new AgentError('OUT_DIR_UNSAFE', `refusing --out-dir ${outDir}: ${why}; ${fix}`);
}

/** The directory cannot be created, written or chowned at all. */
export function unwritableOutDir(outDir: string, err: unknown): AgentError {
  const e = err as NodeJS.ErrnoException;
  const hint =
    e.code === 'EPERM' || e.code === 'EACCES'
      ? 'the agent lacks permission; run it as root to use --uid/--gid, or choose an --out-dir it owns'
      : 'check --out-dir';
  return new AgentError('OUT_DIR_UNWRITABLE', `cannot write to --out-dir ${outDir} (${e.code ?? e.message}); ${hint}`, {
    cause: err,
  });
}
