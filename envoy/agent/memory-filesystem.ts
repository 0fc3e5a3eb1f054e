import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AgentError } from './errors.ts';

/** statfs `f_type` magic numbers of the memory-backed filesystems (linux/magic.h). */
export const MEMORY_FILESYSTEMS: Readonly<Record<number, string>> = Object.freeze({
  0x01021994: 'tmpfs',
  0x858458f6: 'ramfs',
});

/** A few names for the disk filesystems people hit most, so the refusal says what it found. */
const KNOWN_FILESYSTEMS: Readonly<Record<number, string>> = {
  0xef53: 'ext4',
  0x58465342: 'xfs',
  0x9123683e: 'btrfs',
  0x794c7630: 'overlayfs',
  0x6969: 'nfs',
};

export interface FilesystemCheck {
  /** The existing directory that was examined (the out dir or its nearest existing parent). */
  path: string;
  type: number;
  name: string;
  memoryBacked: boolean;
}

/** What filesystem `dir` lives on; walks up to the nearest existing parent when `dir` does not exist yet. */
export async function examineFilesystem(dir: string): Promise<FilesystemCheck> {
  let path = dir;
  for (;;) {
    try {
      const { type } = await statfs(path);
      const name = MEMORY_FILESYSTEMS[type] ?? KNOWN_FILESYSTEMS[type] ?? `0x${type.toString(16)}`;
      return { path, type, name, memoryBacked: type in MEMORY_FILESYSTEMS };
    } catch (err) {
      const parent = dirname(path);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === path) throw err;
      path = parent;
    }
  }
}

/**
 * The decrypted key may only live in memory (tmpfs/ramfs): a disk keeps it
 * past the task and in snapshots. Refuses anything else unless `allowDisk`.
 *
 * @throws AgentError OUT_DIR_NOT_MEMORY
 */
export async function assertMemoryBacked(
  dir: string,
  allowDisk: boolean,
  examine = examineFilesystem,
): Promise<FilesystemCheck> {
  const check = await examine(dir);
  if (!check.memoryBacked && !allowDisk) {
    throw new AgentError(
      'OUT_DIR_NOT_MEMORY',
      `--out-dir ${dir} is on a ${check.name} filesystem (statfs of ${check.path}), not tmpfs or ramfs; the decrypted private key must stay in memory. ` +
        'Use a directory under /dev/shm or a tmpfs volume (ECS: a tmpfs mount, or a bind mount on /dev/shm), or pass --allow-disk (PCA_MTLS_ALLOW_DISK=true) to accept the risk',
    );
  }
  return check;
}
