import { chmod, chown, lchown, lstat, mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { prepareOutDir, writeMaterialVersion } from '../../envoy/agent/write-material.ts';
import { memoryDir } from './agent-fixtures.ts';

/** A uid that is neither the agent's (root here) nor any --uid the tests pass. */
const STRANGER = 4242;
const asRoot = process.getuid?.() === 0 ? false : 'chown to another user needs root';
const mode = async (path: string) => (await stat(path)).mode & 0o777;
const files = { certChainPem: 'chain\n', keyPem: 'key\n', trustBundlePem: 'trust\n' };

t.test('a missing out-dir is created 0700 and owned by --uid/--gid', { skip: asRoot }, async (t) => {
  const outDir = join(await memoryDir(t), 'a', 'b');
  await prepareOutDir(outDir, { uid: 101, gid: 102 });
  const info = await stat(outDir);
  t.equal(info.mode & 0o777, 0o700);
  t.same([info.uid, info.gid], [101, 102]);
});

t.test(
  'an out-dir owned by another user is refused with OUT_DIR_UNSAFE, nothing written',
  { skip: asRoot },
  async (t) => {
    const outDir = join(await memoryDir(t), 'planted');
    await mkdir(outDir, { mode: 0o700 });
    await chown(outDir, STRANGER, STRANGER);
    await t.rejects(prepareOutDir(outDir), {
      code: 'OUT_DIR_UNSAFE',
      message: new RegExp(`refusing --out-dir ${outDir}: it is owned by uid ${STRANGER}, not by uid 0`),
    });
    await t.rejects(prepareOutDir(outDir, { uid: 101 }), {
      code: 'OUT_DIR_UNSAFE',
      message: /not by uid 0 or uid 101/,
    });
    t.equal(await mode(outDir), 0o700, 'left as found');
  },
);

t.test(
  'an out-dir owned by the --uid user is accepted (the agent handed it over on an earlier run)',
  { skip: asRoot },
  async (t) => {
    const outDir = join(await memoryDir(t), 'handed');
    await mkdir(outDir, { mode: 0o700 });
    await chown(outDir, 101, 102);
    await prepareOutDir(outDir, { uid: 101, gid: 102 });
    await writeMaterialVersion(files, { outDir, label: 'x', uid: 101, gid: 102 });
    await prepareOutDir(outDir, { uid: 101, gid: 102 });
    t.pass('a second run over its own files passes');
  },
);

t.test("group/other access on the agent's own directory is narrowed to 0700", async (t) => {
  const outDir = join(await memoryDir(t), 'wide');
  await mkdir(outDir);
  await chmod(outDir, 0o777);
  await prepareOutDir(outDir);
  t.equal(await mode(outDir), 0o700);
});

t.test(
  'a world-writable out-dir of another user cannot be fixed by the agent and is refused',
  { skip: asRoot },
  async (t) => {
    const outDir = join(await memoryDir(t), 'wide-foreign');
    await mkdir(outDir);
    await chmod(outDir, 0o777);
    await chown(outDir, STRANGER, STRANGER);
    await t.rejects(prepareOutDir(outDir), { code: 'OUT_DIR_UNSAFE' });
    t.equal(await mode(outDir), 0o777, 'not touched');
  },
);

t.test('entries owned by someone else inside the out-dir are refused', { skip: asRoot }, async (t) => {
  const outDir = join(await memoryDir(t), 'tampered');
  await mkdir(outDir, { mode: 0o700 });
  await writeFile(join(outDir, 'current'), 'x');
  await chown(join(outDir, 'current'), STRANGER, STRANGER);
  await t.rejects(prepareOutDir(outDir), { code: 'OUT_DIR_UNSAFE', message: /holds current, owned by uid 4242/ });
});

t.test('the same checks apply through a symlinked out-dir: the link and its target', { skip: asRoot }, async (t) => {
  const base = await memoryDir(t);
  const foreignTarget = join(base, 'foreign-target');
  await mkdir(foreignTarget, { mode: 0o700 });
  await chown(foreignTarget, STRANGER, STRANGER);
  const toForeign = join(base, 'link-to-foreign');
  await symlink(foreignTarget, toForeign);
  await t.rejects(prepareOutDir(toForeign), {
    code: 'OUT_DIR_UNSAFE',
    message: /its target .*foreign-target is owned by uid 4242/,
  });

  const ownTarget = join(base, 'own-target');
  await mkdir(ownTarget);
  await chmod(ownTarget, 0o777);
  const foreignLink = join(base, 'foreign-link');
  await symlink(ownTarget, foreignLink);
  await lchown(foreignLink, STRANGER, STRANGER);
  await t.rejects(prepareOutDir(foreignLink), { code: 'OUT_DIR_UNSAFE', message: /the symlink is owned by uid 4242/ });

  const ownLink = join(base, 'own-link');
  await symlink(ownTarget, ownLink);
  await prepareOutDir(ownLink);
  t.equal(await mode(ownTarget), 0o700, 'the target was narrowed, not the link');
  t.ok((await lstat(ownLink)).isSymbolicLink());
  await writeMaterialVersion(files, { outDir: ownLink, label: 'x' });
});

t.test('a file where the out-dir should be is refused', async (t) => {
  const outDir = join(await memoryDir(t), 'file');
  await writeFile(outDir, '');
  await t.rejects(prepareOutDir(outDir), { code: 'OUT_DIR_UNSAFE', message: /it is not a directory/ });
});
