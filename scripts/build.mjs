// Bundles each entry point into one lean ESM file for Node 24 (the Lambda runtime nodejs24.x) with esbuild.
// Type-checking is `tsc` (npm run build runs both).
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { buildAgentBundle } from '../envoy/agent/bundle/build-agent-bundle.mjs';

// Each Lambda is its own lean bundle: it pulls in only the lib/ code and the
// AWS clients it uses, and loads nothing of the CLI or aws-local.
const ENTRY_POINTS = {
  cli: 'cli/bin.ts',
  'lambdas/export-certificate/index': 'lambdas/export-certificate/index.ts',
  'lambdas/renew-certificate/index': 'lambdas/renew-certificate/index.ts',
  // The demo apps and the compose demo's setup job, for the images in docker/.
  colorteller: 'services/colorteller/main.ts',
  colorgateway: 'services/colorgateway/main.ts',
  'compose-setup': 'docker/setup/compose-setup.ts',
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
  target: 'node24',
  format: 'esm',
  banner,
  sourcemap: false,
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  console.log(`${file}  ${(bytes / 1024).toFixed(0)} KiB`);
}
// The Envoy startup agent: dist/agent.mjs (a loader) + agent-core.cjs (lib/ and the Secrets Manager
// client only; no CLI, no aws-local) + agent-core.cache (V8 code cache from a warm-up run).
for (const [file, { bytes }] of Object.entries((await buildAgentBundle('dist')).outputs)) {
  console.log(`${file}  ${(bytes / 1024).toFixed(0)} KiB`);
}
