// Builds the agent's standalone bundle into `outdir` (scripts/build.mjs calls
// this): agent-core.cjs (envoy/agent/run-agent.ts with lib/ and only the
// Secrets Manager client; no CLI, no aws-local), agent-supervisor.cjs (the
// resident agent of watch mode: no AWS SDK, X.509 or YAML code; it runs the
// core in short-lived child processes), agent.mjs (the loader), and
// agent-core.cache (the V8 code cache, written after a warm-up run).
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The resident supervisor logs through pino to fd 2 and nothing else: pino's
 * transports (thread-stream → worker_threads), its main-thread test
 * (worker_threads) and sonic-boom's argument asserts (node:assert) would load
 * Node modules that stay resident for nothing. Each is replaced by a stand-in
 * here, for this bundle only (the core keeps the real ones).
 */
const STAND_INS = [
  { filter: /^thread-stream$/, importer: /pino[\\/]lib[\\/]transport\.js$/, path: 'no-thread-stream.cjs' },
  { filter: /^worker_threads$/, importer: /pino[\\/]lib[\\/]tools\.js$/, path: 'main-thread-only.cjs' },
  { filter: /^assert$/, importer: /sonic-boom[\\/]index\.js$/, path: 'assert-ok.cjs' },
];
const residentStandIns = {
  name: 'resident-stand-ins',
  setup(b) {
    for (const { filter, importer, path } of STAND_INS) {
      b.onResolve({ filter }, (args) => (importer.test(args.importer) ? { path: join(HERE, path) } : undefined));
    }
  },
};

/** What both agent bundles share: minified CommonJS for Node 24, with a metafile for the size checks. */
const CJS_FOR_NODE24 = Object.freeze({
  absWorkingDir: ROOT,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

/** The resident supervisor: small, so plain CommonJS loaded by require (no code cache needed). */
async function buildSupervisor(outdir) {
  const result = await build({
    ...CJS_FOR_NODE24,
    entryPoints: { 'agent-supervisor': 'envoy/agent/supervisor-main.ts' },
    outdir,
    plugins: [residentStandIns],
  });
  return result.metafile;
}

/** Builds the bundle; returns the core's esbuild metafile, and the supervisor's as `supervisor`. */
export async function buildAgentBundle(outdir = join(ROOT, 'dist'), { warm = true } = {}) {
  const result = await build({
    // CommonJS: vm.Script (which takes a code cache) runs classic scripts only.
    ...CJS_FOR_NODE24,
    entryPoints: { 'agent-core': 'envoy/agent/run-agent.ts' },
    outdir,
    // The AWS SDK's and smithy's ES module builds tree-shake; their CommonJS builds carry every command.
    mainFields: ['module', 'main'],
    write: false,
  });
  await mkdir(outdir, { recursive: true });
  for (const file of result.outputFiles) {
    // The SDK's ES module builds load a few Node built-ins with import(); a script compiled from a
    // code cache has no dynamic-import host, so they become require(), which is equivalent here.
    await writeFile(file.path, file.text.replace(/\bimport\("(node:[a-z_/]+)"\)/g, 'Promise.resolve(require("$1"))'));
  }
  const supervisor = await buildSupervisor(outdir);
  await copyFile(join(HERE, 'loader.mjs'), join(outdir, 'agent.mjs'));
  if (warm) {
    const warmed = spawnSync(process.execPath, [join(HERE, 'warm-code-cache.mjs'), outdir], { encoding: 'utf8' });
    if (warmed.status !== 0) throw new Error(`agent code cache warm-up failed: ${warmed.stderr}`);
  }
  return { ...result.metafile, supervisor };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAgentBundle(process.argv[2]);
