import { lstat, mkdir, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { assertMemoryBacked, examineFilesystem } from '../../envoy/agent/memory-filesystem.ts';
import { run } from '../../envoy/agent/run-agent.ts';
import {
  currentVersion,
  KEEP_VERSIONS,
  materialPaths,
  prepareOutDir,
  writeMaterialVersion,
} from '../../envoy/agent/write-material.ts';
import { agentWorld, capturingLogger, diskDir, memoryDir, tellerArgs } from './agent-fixtures.ts';

const files = (n: number) => ({ certChainPem: `chain ${n}\n`, keyPem: `key ${n}\n`, trustBundlePem: `trust ${n}\n` });
const mode = async (path: string) => (await stat(path)).mode & 0o777;

t.test('a version: directory 0700, key 0600, certificates 0644, current a relative symlink to it', async (t) => {
  const outDir = join(await memoryDir(t), 'out');
  await prepareOutDir(outDir);
  const written = await writeMaterialVersion(files(1), { outDir, label: '3fa1:bc' });
  t.match(written.version, /^v-\d{8}T\d{9}Z-3fa1bc$/, 'named by time and serial');
  t.equal(await mode(outDir), 0o700);
  t.equal(await mode(written.versionDir), 0o700);
  t.equal(await mode(join(written.versionDir, 'key.pem')), 0o600);
  t.equal(await mode(join(written.versionDir, 'cert-chain.pem')), 0o644);
  t.equal(await mode(join(written.versionDir, 'trust-bundle.pem')), 0o644);
  t.ok((await lstat(written.current)).isSymbolicLink());
  t.equal(await readlink(written.current), written.version, 'relative: the directory can be mounted elsewhere');
  t.same(written.paths, materialPaths(outDir));
  t.equal(await readFile(written.paths.key, 'utf8'), 'key 1\n');
  t.equal(await readFile(written.paths.certChain, 'utf8'), 'chain 1\n');
  t.same((await readdir(outDir)).sort(), ['current', written.version].sort(), 'no temporary left behind');
});

t.test('--uid/--gid set the owner of the directory, the files and the link', async (t) => {
  t.equal(process.getuid?.(), 0, 'the tests run as root here, so chown is allowed');
  const outDir = await memoryDir(t);
  await prepareOutDir(outDir, { uid: 101, gid: 102 });
  const written = await writeMaterialVersion(files(1), { outDir, label: 'x', uid: 101, gid: 102 });
  for (const path of [
    outDir,
    written.versionDir,
    join(written.versionDir, 'key.pem'),
    join(written.versionDir, 'cert-chain.pem'),
  ]) {
    const s = await stat(path);
    t.same([s.uid, s.gid], [101, 102], path);
  }
  const link = await lstat(written.current);
  t.same([link.uid, link.gid], [101, 102], 'the symlink too');
});

t.test(
  'keeps the last versions, prunes older ones, never the current one; cleans leftovers of interrupted writes',
  async (t) => {
    const outDir = await memoryDir(t);
    let last: { version: string } | undefined;
    for (let i = 1; i <= 6; i++) last = await writeMaterialVersion(files(i), { outDir, label: `s${i}` });
    const versions = (await readdir(outDir)).filter((e) => e.startsWith('v-')).sort();
    t.equal(versions.length, KEEP_VERSIONS);
    t.equal(versions.at(-1), last!.version);
    t.equal(await currentVersion(outDir), last!.version);
    t.match(versions, [/-s4$/, /-s5$/, /-s6$/]);

    await mkdir(join(outDir, '.staging-abandoned'));
    await writeMaterialVersion(files(7), { outDir, label: 's7' });
    t.notOk((await readdir(outDir)).includes('.staging-abandoned'), 'a crashed write leaves nothing for long');
  },
);

t.test('statfs: /dev/shm is tmpfs; the disk temp dir is refused unless --allow-disk', async (t) => {
  const memory = await memoryDir(t);
  t.match(await examineFilesystem(memory), { name: 'tmpfs', memoryBacked: true });
  t.match(
    await examineFilesystem(join(memory, 'not', 'yet')),
    { path: memory, memoryBacked: true },
    'a directory to be created is judged by its parent',
  );
  const disk = await diskDir(t);
  const check = await examineFilesystem(disk);
  t.comment(`statfs of ${disk}: ${check.name} (0x${check.type.toString(16)})`);
  if (check.memoryBacked) {
    t.comment('skipped: the temp dir is memory-backed on this machine');
    return;
  }
  await t.rejects(assertMemoryBacked(disk, false), {
    code: 'OUT_DIR_NOT_MEMORY',
    message: new RegExp(`--out-dir ${disk} is on a ${check.name} filesystem.*--allow-disk`),
  });
  t.match(await assertMemoryBacked(disk, true), { memoryBacked: false }, '--allow-disk accepts the risk');
});

t.test('the agent refuses a disk out-dir before fetching anything, and writes there with --allow-disk', async (t) => {
  const world = await agentWorld(t);
  const disk = await diskDir(t);
  if ((await examineFilesystem(disk)).memoryBacked) {
    t.comment('skipped: the temp dir is memory-backed on this machine');
    return;
  }
  const outDir = join(disk, 'agent');
  const { logger } = capturingLogger('silent');
  const stderr: string[] = [];
  const before = (await world.local.control('GET', 'requests?service=secretsmanager')).body.requests.length;
  const refused = await run(tellerArgs(outDir, ['--once']), {
    env: {},
    clients: world.agentClients(),
    logger,
    stderr: (s) => stderr.push(s),
  });
  t.equal(refused, 1);
  t.match(stderr.join(''), /\[OUT_DIR_NOT_MEMORY\]/);
  t.equal(
    (await world.local.control('GET', 'requests?service=secretsmanager')).body.requests.length,
    before,
    'no secret was read',
  );
  await t.rejects(stat(outDir), { code: 'ENOENT' }, 'nothing created');

  const allowed = await run(tellerArgs(outDir, ['--once', '--allow-disk']), {
    env: {},
    clients: world.agentClients(),
    logger,
  });
  t.equal(allowed, 0);
  t.equal(await mode(join(outDir, 'current', 'key.pem')), 0o600);
});
