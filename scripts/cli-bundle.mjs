// Builds the pca-mtls CLI: dist/cli.mjs (the command definitions: names, flags, help) and, beside it in
// dist/cli-chunks/, the ES modules each command's action imports when it runs (esbuild code splitting), so
// `pca-mtls --help` or `pca-mtls trust list` never loads aws-local, fastify or the agent. scripts/build.mjs
// calls this; build-if-stale.mjs reads the manifest of chunks it writes.
// Why chunks and not one file whose lazily imported modules esbuild evaluates on first use: in one file,
// esbuild still hoists the external @cloud-copilot imports to its top and Node still reads and compiles
// 2.3 MB; measured on a 2-core machine, `--help` took 0.20 s of CPU that way, 0.05 s split (0.42 s before).
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { ESM_BUNDLE_OPTIONS } from './esm-bundle-options.mjs';

/** The chunks' folder inside dist/; every file in it is written by one build, names carry a content hash. */
export const CLI_CHUNK_DIR = 'cli-chunks';
/** The list of chunk files one build wrote (paths relative to the output folder), for the staleness check. */
export const CLI_CHUNK_MANIFEST = 'cli-chunks.json';

/** Writes `<outdir>/cli.mjs`, its chunks and the manifest; returns esbuild's outputs (file → bytes). */
export async function buildCliBundle(outdir) {
  // Imported here, not at the top: build-if-stale.mjs reads the constants above on every test run.
  const { build } = await import('esbuild');
  const result = await build({
    ...ESM_BUNDLE_OPTIONS,
    entryPoints: { cli: 'cli/bin.ts' },
    outdir,
    chunkNames: `${CLI_CHUNK_DIR}/[name]-[hash]`,
    splitting: true,
  });
  // esbuild names outputs relative to the working directory.
  const chunks = Object.keys(result.metafile.outputs)
    .map((file) => relative(outdir, resolve(file)))
    .filter((file) => file.startsWith(`${CLI_CHUNK_DIR}/`));
  await writeFile(join(outdir, CLI_CHUNK_MANIFEST), `${JSON.stringify(chunks.sort(), null, 2)}\n`);
  return result.metafile;
}
