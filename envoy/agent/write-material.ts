import { chmod, chown, lchown, mkdtemp, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory, temporarySibling, writeNewFileDurably, type Ownership } from './atomic-write.ts';
import { AgentError } from './errors.ts';
import { CURRENT_LINK, currentMaterialPath, MATERIAL_FILES } from '../../lib/out-dir-layout.ts';
import { unwritableOutDir } from './out-dir-ownership.ts';

/**
 * The output directory contract (docs/architecture.md, "Agent output directory"):
 * `<out-dir>/current -> v-…/{cert-chain,key,trust-bundle}.pem`.
 */
/** Directory 0700 (only Envoy's user may look inside), key 0600, certificates 0644. */
export const MODES = Object.freeze({ dir: 0o700, key: 0o600, certificate: 0o644 });
/** Versions kept on disk, `current` included: the previous ones let an operator compare or roll back by hand. */
export const KEEP_VERSIONS = 3;

const VERSION_PREFIX = 'v-';
/** Leftovers of an interrupted write; never referenced by `current`, removed by the next write. */
const STAGING_PREFIX = '.staging-';
const LINK_STAGING_PREFIX = '.tmp-current';
/** Every temporary of `temporarySibling` (the link above, and envoy.yaml & co. written by writeFileAtomic). */
const TEMPORARY_PREFIX = '.tmp-';

/** What one version holds. `keyPem` is the decrypted PKCS#8 key: it exists only here and in the 0600 file. */
export interface MaterialFiles {
  certChainPem: string;
  keyPem: string;
  trustBundlePem: string;
}

export interface WriteOptions extends Ownership {
  outDir: string;
  /** Goes into the version's name (the certificate serial), so `ls -l` tells versions apart. */
  label: string;
  keepVersions?: number;
  now?: () => Date;
}

export interface MaterialPaths {
  /** `<out-dir>/current/cert-chain.pem` etc.: the paths Envoy and other readers use. */
  certChain: string;
  key: string;
  trustBundle: string;
}

export interface WrittenVersion {
  /** The version directory's name, e.g. `v-20260101T120000123Z-3fa1…`. */
  version: string;
  versionDir: string;
  current: string;
  paths: MaterialPaths;
  pruned: string[];
}

/** The stable paths readers use; they go through the `current` symlink. */
export function materialPaths(outDir: string): MaterialPaths {
  return {
    certChain: currentMaterialPath(outDir, 'certChain'),
    key: currentMaterialPath(outDir, 'key'),
    trustBundle: currentMaterialPath(outDir, 'trustBundle'),
  };
}

export { prepareOutDir } from './out-dir-ownership.ts';

/** The version `current` points at, or undefined when there is none yet. */
export async function currentVersion(outDir: string): Promise<string | undefined> {
  try {
    return await readlink(join(outDir, CURRENT_LINK));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Step 3 of the agent. Writes a complete new version directory beside the
 * old ones, then swaps `current` to it with one rename of a symlink — the
 * move Envoy's SDS `watched_directory` reloads on, so it reads certificate
 * and key from the same version. A kill at any instant leaves `current` on
 * the old complete set or the new complete set:
 *
 * 1. files are created in a hidden staging directory, each with its final
 *    mode and owner, and fsynced;
 * 2. the staging directory is renamed to its version name (fsync of the parent);
 * 3. a new symlink is created under a temporary name and renamed over
 *    `current` (fsync of the parent);
 * 4. versions beyond `keepVersions` and leftovers of interrupted runs are removed.
 *
 * On failure nothing this call created is left behind and `current` is untouched.
 *
 * @throws AgentError OUT_DIR_FULL (ENOSPC, EDQUOT), OUT_DIR_UNWRITABLE
 */
export async function writeMaterialVersion(files: MaterialFiles, options: WriteOptions): Promise<WrittenVersion> {
  const { outDir } = options;
  const owner: Ownership = { uid: options.uid, gid: options.gid };
  const now = options.now ?? (() => new Date());
  const current = join(outDir, CURRENT_LINK);
  // What this call created and has not published yet: removed again if it fails (ENOSPC), so a
  // full tmpfs is left as it was and the next attempt has the room this one had.
  const unpublished = new Set<string>();
  try {
    await removeLeftovers(outDir);
    const staging = await mkdtemp(join(outDir, STAGING_PREFIX));
    unpublished.add(staging);
    await writeStaging(staging, files, owner);
    const version = await renameToVersion(
      staging,
      outDir,
      `${VERSION_PREFIX}${now().toISOString().replace(/[-:.]/g, '')}-${safeLabel(options.label)}`,
    );
    unpublished.delete(staging);
    unpublished.add(join(outDir, version));
    await syncDirectory(outDir);

    const link = temporarySibling(current, LINK_STAGING_PREFIX);
    unpublished.add(link);
    await symlink(version, link);
    if (owner.uid !== undefined || owner.gid !== undefined) await lchown(link, owner.uid ?? -1, owner.gid ?? -1);
    await rename(link, current);
    unpublished.clear();
    await syncDirectory(outDir);

    const pruned = await pruneVersions(outDir, version, options.keepVersions ?? KEEP_VERSIONS);
    return { version, versionDir: join(outDir, version), current, paths: materialPaths(outDir), pruned };
  } catch (err) {
    for (const path of unpublished) await rm(path, { recursive: true, force: true }).catch(() => {});
    if (err instanceof AgentError) throw err;
    throw writeFailed(outDir, err);
  }
}

/** Step 1: every file with its final mode and owner, flushed, then the directory itself. */
async function writeStaging(staging: string, files: MaterialFiles, owner: Ownership): Promise<void> {
  await chmod(staging, MODES.dir);
  await writeNewFileDurably(join(staging, MATERIAL_FILES.certChain), files.certChainPem, MODES.certificate, owner);
  await writeNewFileDurably(join(staging, MATERIAL_FILES.trustBundle), files.trustBundlePem, MODES.certificate, owner);
  await writeNewFileDurably(join(staging, MATERIAL_FILES.key), files.keyPem, MODES.key, owner);
  if (owner.uid !== undefined || owner.gid !== undefined) await chown(staging, owner.uid ?? -1, owner.gid ?? -1);
  await syncDirectory(staging);
}

function safeLabel(label: string): string {
  return label.replace(/[^0-9A-Za-z]/g, '').slice(0, 16) || 'material';
}

/** Renames the staging directory to `name`, adding a suffix if that name is taken (two writes in one millisecond). */
async function renameToVersion(staging: string, outDir: string, name: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const candidate = attempt === 0 ? name : `${name}-${attempt}`;
    try {
      await rename(staging, join(outDir, candidate));
      return candidate;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 100) throw err;
    }
  }
}

async function removeLeftovers(outDir: string): Promise<void> {
  for (const entry of await readdir(outDir)) {
    if (entry.startsWith(STAGING_PREFIX) || entry.startsWith(TEMPORARY_PREFIX))
      await rm(join(outDir, entry), { recursive: true, force: true });
  }
}

/** Removes the oldest versions so that `keep` remain, never the one `current` points at. */
export async function pruneVersions(outDir: string, currentName: string, keep: number): Promise<string[]> {
  const versions = (await readdir(outDir))
    .filter((entry) => entry.startsWith(VERSION_PREFIX) && entry !== currentName)
    .sort();
  const excess = versions.slice(0, Math.max(0, versions.length - (keep - 1)));
  for (const name of excess) await rm(join(outDir, name), { recursive: true, force: true });
  return excess;
}

function writeFailed(outDir: string, err: unknown): AgentError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AgentError(
      'OUT_DIR_FULL',
      `--out-dir ${outDir} is full (${code}): the new material was not written and the previous files stay in place; give the tmpfs more room (ECS: the tmpfs size or /dev/shm size)`,
      { cause: err },
    );
  }
  return unwritableOutDir(outDir, err);
}
