// Builds the agent's standalone bundle into `outdir` (scripts/build.mjs calls
// this): agent-core.cjs (envoy/agent/run-agent.ts with lib/ and only the
// Secrets Manager client; no CLI, no aws-local), agent.mjs (the loader), and
// agent-core.cache (the V8 code cache, written after a warm-up run).
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export async function buildAgentBundle(outdir = join(ROOT, 'dist'), { warm = true } = {}) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { 'agent-core': 'envoy/agent/run-agent.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node24',
    // CommonJS: vm.Script (which takes a code cache) runs classic scripts only.
    format: 'cjs',
    // The AWS SDK's and smithy's ES module builds tree-shake; their CommonJS builds carry every command.
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    write: false,
  });
  await mkdir(outdir, { recursive: true });
  for (const file of result.outputFiles) {
    // The SDK's ES module builds load a few Node built-ins with import(); a script compiled from a
    // code cache has no dynamic-import host, so they become require(), which is equivalent here.
    await writeFile(file.path, file.text.replace(/\bimport\("(node:[a-z_/]+)"\)/g, 'Promise.resolve(require("$1"))'));
  }
  await copyFile(join(HERE, 'loader.mjs'), join(outdir, 'agent.mjs'));
  if (warm) {
    const warmed = spawnSync(process.execPath, [join(HERE, 'warm-code-cache.mjs'), outdir], { encoding: 'utf8' });
    if (warmed.status !== 0) throw new Error(`agent code cache warm-up failed: ${warmed.stderr}`);
  }
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildAgentBundle(process.argv[2]);
