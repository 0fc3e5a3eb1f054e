import { execFileSync } from 'node:child_process';
import { mkdtemp, open, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { prepareOutDir, writeMaterialVersion } from '../../envoy/agent/write-material.ts';

/**
 * A small tmpfs of its own (mounting needs root; the tests run as root here),
 * so "full" is real ENOSPC from the kernel, not a mock.
 */
const notRoot = process.getuid?.() === 0 ? false : 'mounting a small tmpfs needs root';
const SIZE = '64k';
const PAGE = 4096;

/** Material as big as the real thing: a chain, a key, a bundle of a few KiB. */
const material = (n: number) => ({
  certChainPem: `chain ${n}\n`.padEnd(3000, 'c'),
  keyPem: `key ${n}\n`.padEnd(300, 'k'),
  trustBundlePem: `trust ${n}\n`.padEnd(1500, 't'),
});

/** Fills the filesystem with a file of 4 KiB pages until ENOSPC, then frees `freePages` of them. */
async function fillLeaving(path: string, freePages: number): Promise<void> {
  const handle = await open(path, 'w');
  const page = Buffer.alloc(PAGE, 1);
  let pages = 0;
  try {
    for (;;) {
      await handle.write(page);
      pages++;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  await handle.truncate(Math.max(0, pages - freePages) * PAGE);
  await handle.close();
}

t.test(
  `a full tmpfs (${SIZE}): OUT_DIR_FULL, current stays on the old complete set, nothing half-written left`,
  { skip: notRoot },
  async (t) => {
    // Not t.testdir(): tap removes that before later teardowns could unmount it.
    const mountPoint = await mkdtemp(join(tmpdir(), 'pca-mtls-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE},mode=0700`, 'tmpfs', mountPoint]);
    t.teardown(async () => {
      execFileSync('umount', [mountPoint]);
      await rm(mountPoint, { recursive: true, force: true });
    });
    const outDir = join(mountPoint, 'out');
    await prepareOutDir(outDir);
    const old = await writeMaterialVersion(material(1), { outDir, label: 'old' });
    const filler = join(mountPoint, 'filler');

    // Every amount of free room from none to enough: each attempt either publishes a complete
    // new set or fails with OUT_DIR_FULL leaving the old set exactly as it was.
    let refused = 0;
    for (let freePages = 0; freePages <= 4; freePages++) {
      await fillLeaving(filler, freePages);
      const before = (await readdir(outDir)).sort();
      try {
        const written = await writeMaterialVersion(material(2), { outDir, label: 'new' });
        t.equal(await readFile(written.paths.key, 'utf8'), material(2).keyPem, `${freePages} free: the whole new key`);
        t.equal(await readFile(written.paths.certChain, 'utf8'), material(2).certChainPem);
        t.equal(await readFile(written.paths.trustBundle, 'utf8'), material(2).trustBundlePem);
        break;
      } catch (err) {
        refused++;
        t.match(
          err,
          { code: 'OUT_DIR_FULL', message: /is full \(ENOSPC\).*previous files stay in place/ },
          `${freePages} free pages: refused`,
        );
        t.equal(await readlink(join(outDir, 'current')), old.version, 'current still points at the old set');
        t.equal(await readFile(old.paths.key, 'utf8'), material(1).keyPem, 'the old key is intact');
        t.equal(await readFile(old.paths.certChain, 'utf8'), material(1).certChainPem);
        t.same((await readdir(outDir)).sort(), before, 'no staging directory, temporary link or new version left');
      }
      await rm(filler, { force: true });
    }
    t.ok(refused >= 1, `the write was refused on a full filesystem (${refused} time(s))`);

    await rm(filler, { force: true });
    const after = await writeMaterialVersion(material(3), { outDir, label: 'room' });
    t.equal(await readFile(after.paths.key, 'utf8'), material(3).keyPem, 'with room again the next write succeeds');
  },
);
