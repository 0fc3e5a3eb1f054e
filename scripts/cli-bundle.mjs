// Builds the pca-mtls CLI: dist/cli.mjs (the command definitions: names, flags, help) and, beside it in
// dist/cli-chunks/, the ES modules each command's action imports when it runs (esbuild code splitting), so
// `pca-mtls --help` or `pca-mtls trust list` never loads aws-local, fastify or the agent. scripts/build.mjs
// calls this; build-if-stale.mjs reads the manifest of chunks it writes.
// Why chunks and not one file whose lazily imported modules esbuild evaluates on first use: in one file,
// esbuild still hoists the external @cloud-copilot imports to its top and Node still reads and compiles
// 2.3 MB; measured on a 2-core machine, `--help` took 0.20 s of CPU that way, 0.05 s split (0.42 s before).
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';

/** The chunks' folder inside dist/; every file in it is written by one build, names carry a content hash. */
export const CLI_CHUNK_DIR = 'cli-chunks';
/** The list of chunk files one build wrote (paths relative to the output folder), for the staleness check. */
export const CLI_CHUNK_MANIFEST = 'cli-chunks.json';

// Some dependencies are CommonJS and call require() for Node built-ins; an ESM bundle needs a real require
// for them (in every chunk: each is its own module).
const banner = {
  js: "import { createRequire as __pcaMtlsCreateRequire } from 'node:module'; const require = __pcaMtlsCreateRequire(import.meta.url);",
};

/** Writes `<outdir>/cli.mjs`, its chunks and the manifest; returns esbuild's outputs (file → bytes). */
export async function buildCliBundle(outdir) {
  // Imported here, not at the top: build-if-stale.mjs reads the constants above on every test run.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { cli: 'cli/bin.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: `${CLI_CHUNK_DIR}/[name]-[hash]`,
    bundle: true,
    splitting: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    banner,
    sourcemap: false,
    minify: true,
    legalComments: 'none',
    // aws-local's IAM evaluator reads its action catalogue from JSON files beside its own modules
    // (import.meta.url), which a bundle cannot carry: it is loaded from node_modules, by the IAM enforcer's
    // chunk only (aws-local imports it dynamically), so only `pca-mtls local --iam` needs it.
    external: ['@cloud-copilot/*'],
    metafile: true,
    logLevel: 'warning',
  });
  // esbuild names outputs relative to the working directory.
  const chunks = Object.keys(result.metafile.outputs)
    .map((file) => relative(outdir, resolve(file)))
    .filter((file) => file.startsWith(`${CLI_CHUNK_DIR}/`));
  await writeFile(join(outdir, CLI_CHUNK_MANIFEST), `${JSON.stringify(chunks.sort(), null, 2)}\n`);
  return result.metafile;
}
