// Bundles each entry point into one lean ESM file for Node 20 with esbuild.
// Type-checking is `tsc` (npm run build runs both).
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

const ENTRY_POINTS = {
  cli: 'cli/bin.ts',
};

// Some dependencies are CommonJS and call require() for Node built-ins; an ESM
// bundle needs a real require for them.
const banner = {
  js: "import { createRequire as __pcaMtlsCreateRequire } from 'node:module'; const require = __pcaMtlsCreateRequire(import.meta.url);",
};

await rm('dist', { recursive: true, force: true });
const result = await build({
  entryPoints: ENTRY_POINTS,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  console.log(`${file}  ${(bytes / 1024).toFixed(0)} KiB`);
}
