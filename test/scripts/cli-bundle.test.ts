import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import t, { type Test } from 'tap';
// @ts-expect-error: a plain ES module of the build, without types
import { buildCliBundle, CLI_CHUNK_DIR, CLI_CHUNK_MANIFEST } from '../../scripts/cli-bundle.mjs';

interface Metafile {
  outputs: Record<
    string,
    { bytes: number; inputs: Record<string, unknown>; imports: { path: string; kind: string }[] }
  >;
}

// One build for the whole file, into a directory of its own (dist/ is what the other tests spawn).
const outdir = t.testdir();
const metafile = (await buildCliBundle(outdir)) as Metafile;
/**
 * What `node cli.mjs` evaluates before any action runs: cli.mjs and the chunks it imports statically,
 * transitively (esbuild names outputs relative to the working directory). Action chunks are dynamic imports.
 */
function eagerOutputs(): string[] {
  const entry = Object.keys(metafile.outputs).find((file) => resolve(file) === join(outdir, 'cli.mjs'));
  if (!entry) throw new Error('esbuild wrote no cli.mjs');
  const eager = new Set([entry]);
  for (const file of eager)
    for (const { path, kind } of metafile.outputs[file]?.imports ?? [])
      if (kind === 'import-statement' && metafile.outputs[path]) eager.add(path);
  return [...eager];
}
const eager = eagerOutputs();

/** Only what an image gives: no tap instrumentation (NODE_OPTIONS) in the process under test. */
const BARE_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

/** A directory outside the repository, so that no node_modules is found above it; removed at teardown. */
async function bareDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pca-mtls-cli-bundle-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `node cli.mjs …` in `dir`, which holds nothing but what the test copied there (no node_modules). */
function runIn(dir: string, args: string[]) {
  // The bound only proves "does not hang"; a help run takes well under a second.
  return spawnSync(process.execPath, [join(dir, 'cli.mjs'), ...args], {
    cwd: dir,
    env: BARE_ENV,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

t.test(
  'before an action runs, the CLI evaluates the command definitions only: no aws-local, AWS SDK, agent, X.509',
  async (t) => {
    const inputs = eager.flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {}));
    t.ok(inputs.includes('cli/commands/local.ts'), 'the definitions of local are in it');
    t.ok(inputs.includes('cli/commands/trust.ts'), 'the definitions of trust are in it');
    for (const heavy of [
      /^services\/aws-local\/(app|server)\.ts$/,
      /node_modules\/fastify\//,
      /node_modules\/@aws-sdk\//,
      /node_modules\/@peculiar\//,
      /^envoy\/agent\/run-agent\.ts$/,
      /^cli\/walkthrough\/run-walkthrough\.ts$/,
      /^lib\/aws\/clients\.ts$/,
    ]) {
      t.same(
        inputs.filter((i) => heavy.test(i)),
        [],
        `nothing matching ${heavy} is evaluated before an action runs`,
      );
    }
  },
);

t.test('the manifest lists every chunk the build wrote, and only those', async (t) => {
  const listed = JSON.parse(await readFile(join(outdir, CLI_CHUNK_MANIFEST), 'utf8')) as string[];
  const written = (await readdir(join(outdir, CLI_CHUNK_DIR))).map((f) => `${CLI_CHUNK_DIR}/${f}`);
  t.ok(written.length > 1, `${written.length} chunks`);
  t.same([...listed].sort(), written.sort());
});

t.test('--help and usage errors need cli.mjs and its static chunks only; an action loads its own', async (t) => {
  const alone = await bareDir(t);
  await mkdir(join(alone, CLI_CHUNK_DIR));
  for (const file of eager) await copyFile(file, join(alone, relative(outdir, resolve(file))));
  const help = runIn(alone, ['--help']);
  t.equal(help.status, 0, help.stderr);
  t.match(help.stdout, /^Usage: pca-mtls/);
  for (const command of ['local', 'start', 'issue', 'export', 'trust', 'verify', 'status'])
    t.equal(runIn(alone, [command, '--help']).status, 0, `${command} --help`);
  const usage = runIn(alone, ['status', '--at', 'yesterday']);
  t.equal(usage.status, 2, 'a bad flag is reported without loading the command');
  t.match(usage.stderr, /not an ISO 8601 time/);
  const action = runIn(alone, ['trust', 'list']);
  t.equal(action.status, 1, 'the action needs its chunk');
  t.match(action.stderr, new RegExp(`${CLI_CHUNK_DIR}/run-trust-`));
});

t.test(
  'with its chunks and no node_modules, `local` starts (the aws-local image has cli.mjs and its chunks only)',
  async (t) => {
    const image = await bareDir(t);
    await copyFile(join(outdir, 'cli.mjs'), join(image, 'cli.mjs'));
    await cp(join(outdir, CLI_CHUNK_DIR), join(image, CLI_CHUNK_DIR), { recursive: true });
    const args = ['local', '--bare', '--port', '0', '--state-dir', join(image, 'state')];
    const local = spawn(process.execPath, [join(image, 'cli.mjs'), ...args], {
      cwd: image,
      env: BARE_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    t.teardown(() => local.kill('SIGKILL'));
    let out = '';
    let err = '';
    local.stderr.on('data', (d) => (err += d));
    const exited = once(local, 'close');
    await new Promise<void>((resolve, reject) => {
      local.stdout.on('data', (d) => {
        out += d;
        if (out.includes('aws-local listening on')) resolve();
      });
      void exited.then(() => reject(new Error(`local exited before listening: ${err}`)));
    });
    local.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    t.equal(code, 0, err);
    t.match(out, /^aws-local listening on http:\/\/127\.0\.0\.1:\d+/);
  },
);
