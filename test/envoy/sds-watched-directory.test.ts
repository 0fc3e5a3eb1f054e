/**
 * File-based SDS as Envoy documents it: Envoy reloads an SDS file when something is *moved into* the
 * `watched_directory`, so that directory must be the one in which the agent renames the `current` symlink
 * (the out-dir), and every certificate path must go through `current/` so one rename changes them together.
 * Watching the versioned directory behind `current`, or a path that is not where the rename happens,
 * misses rotations (Envoy issues #13663 and #39498). Checked here on what the real agent writes.
 */
import { watch } from 'node:fs';
import { lstat, readFile, readlink, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { bootstrap } from '../../envoy/agent/bootstrap.ts';
import { parseAgentConfig } from '../../envoy/agent/config.ts';
import { writeMaterialVersion } from '../../envoy/agent/write-material.ts';
import { agentWorld, capturingLogger, memoryDir, tellerArgs } from './agent-fixtures.ts';

interface PathConfigSource {
  path: string;
  watched_directory?: { path: string };
}

/** Every `path_config_source` in a rendered bootstrap, wherever it sits. */
function pathConfigSources(node: unknown, found: PathConfigSource[] = []): PathConfigSource[] {
  if (Array.isArray(node)) node.forEach((item) => pathConfigSources(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'path_config_source') found.push(value as PathConfigSource);
      else pathConfigSources(value, found);
    }
  }
  return found;
}

/** Every `filename` a rendered SDS file hands Envoy. */
function filenames(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => filenames(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'filename' && typeof value === 'string') found.push(value);
      else filenames(value, found);
    }
  }
  return found;
}

/** Names `fs.watch` (inotify) reports as renamed in `dir` while `act` runs, plus a short settle time. */
async function renamesDuring(dir: string, act: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const watcher = watch(dir, (event, name) => {
    if (event === 'rename' && name) seen.push(String(name));
  });
  try {
    await act();
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    watcher.close();
  }
  return seen;
}

t.test('watched_directory is the out-dir where `current` is swapped; SDS paths go through current/', async (t) => {
  const world = await agentWorld(t);
  const outDir = await memoryDir(t);
  const { logger } = capturingLogger('silent');
  const config = parseAgentConfig(tellerArgs(outDir, ['--once']), {});
  const result = await bootstrap(config, { clients: world.agentClients(), logger, now: () => new Date() });

  const envoyYaml = parse(await readFile(join(outDir, 'envoy.yaml'), 'utf8')) as unknown;
  const sources = pathConfigSources(envoyYaml);
  t.ok(sources.length >= 2, 'the bootstrap reads the certificate and the trust bundle from SDS files');
  const sdsFiles = new Set(sources.map((s) => s.path));
  for (const source of sources) {
    t.equal(source.watched_directory?.path, outDir, `${source.path}: watches the out-dir`);
    t.ok((await lstat(join(outDir, 'current'))).isSymbolicLink(), 'where `current` is a symlink');
    t.equal(dirname(source.path), outDir, 'the SDS file itself sits in the out-dir (rewritten only at start)');
  }
  const before = new Map<string, string>();
  for (const sdsFile of sdsFiles) {
    const text = await readFile(sdsFile, 'utf8');
    before.set(sdsFile, text);
    for (const file of filenames(parse(text))) {
      t.ok(file.startsWith(`${outDir}/current/`), `${file} goes through current/`);
      t.equal(dirname(await realpath(file)), join(outDir, result.version), 'and resolves into the live version');
    }
  }

  // A rotation as watch mode does it: one rename of a symlink over `current`, in the out-dir.
  const oldVersionDir = join(outDir, await readlink(join(outDir, 'current')));
  let inOldVersion: string[] = [];
  const inOutDir = await renamesDuring(outDir, async () => {
    inOldVersion = await renamesDuring(oldVersionDir, () =>
      writeMaterialVersion(
        { certChainPem: 'new chain\n', keyPem: 'new key\n', trustBundlePem: 'new bundle\n' },
        { outDir, label: 'rotated' },
      ),
    );
  });
  t.ok(
    inOutDir.includes('current'),
    `the swap is a rename of current in the watched directory (${inOutDir.join(', ')})`,
  );
  t.same(inOldVersion, [], 'the versioned directory behind current sees nothing: watching it would miss the swap');
  for (const [sdsFile, text] of before) {
    t.equal(await readFile(sdsFile, 'utf8'), text, `${sdsFile} is unchanged: the move alone triggers the reload`);
    const chain = filenames(parse(text)).find((f) => f.endsWith('cert-chain.pem'));
    if (chain) t.equal(await readFile(chain, 'utf8'), 'new chain\n', 'its paths now read the new version');
  }
});
