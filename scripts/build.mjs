// Writes dist/: the CLI (scripts/cli-bundle.mjs), the demo apps and the compose setup job as ESM files for Node 24, the two Lambda bundles (scripts/lambda-bundles.mjs)
// and the Envoy startup agent, all with esbuild. Type-checking is `tsc` (npm run build runs both).
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { buildAgentBundle } from '../envoy/agent/bundle/build-agent-bundle.mjs';
import { buildCliBundle } from './cli-bundle.mjs';
import { ESM_BUNDLE_OPTIONS } from './esm-bundle-options.mjs';
import { buildLambdaBundles } from './lambda-bundles.mjs';

await rm('dist', { recursive: true, force: true });
// The CLI: dist/cli.mjs plus the chunks its commands import when they run (scripts/cli-bundle.mjs).
const cli = await buildCliBundle('dist');
console.log(`dist/cli.mjs  ${(cli.outputs['dist/cli.mjs'].bytes / 1024).toFixed(0)} KiB`);
const chunkBytes = Object.entries(cli.outputs).reduce(
  (sum, [file, { bytes }]) => sum + (file === 'dist/cli.mjs' ? 0 : bytes),
  0,
);
console.log(`dist/cli-chunks/  ${(chunkBytes / 1024).toFixed(0)} KiB in ${Object.keys(cli.outputs).length - 1} chunks`);
const result = await build({
  ...ESM_BUNDLE_OPTIONS,
  entryPoints: {
    // The demo apps and the compose demo's setup job, for the images in docker/.
    colorteller: 'services/colorteller/main.ts',
    colorgateway: 'services/colorgateway/main.ts',
    'compose-setup': 'docker/setup/compose-setup.ts',
  },
  outdir: 'dist',
});
for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  console.log(`${file}  ${(bytes / 1024).toFixed(0)} KiB`);
}
// Each Lambda is its own lean bundle: only the lib/ code and the AWS clients it uses, nothing of the CLI
// or aws-local, and the environment-only credential chain Lambda needs (scripts/lambda-bundles.mjs).
for (const [file, { bytes }] of Object.entries((await buildLambdaBundles('dist')).outputs)) {
  console.log(`${file}  ${(bytes / 1024).toFixed(0)} KiB`);
}
// The Envoy startup agent: dist/agent.mjs (a loader) + agent-supervisor.cjs (the resident agent of watch
// mode, without the SDK) + agent-core.cjs (lib/ and the Secrets Manager
// client only; no CLI, no aws-local) + agent-core.cache (V8 code cache from a warm-up run).
const agentBundle = await buildAgentBundle('dist');
for (const [file, { bytes }] of Object.entries({ ...agentBundle.outputs, ...agentBundle.supervisor.outputs })) {
  console.log(`${file}  ${(bytes / 1024).toFixed(0)} KiB`);
}
