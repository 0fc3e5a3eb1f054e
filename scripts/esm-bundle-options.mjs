// The esbuild options every ES-module bundle in dist/ shares (the CLI and its chunks, the demo apps, the
// compose setup job): Node 24, minified, no source maps, and a real require() in each output file.

// Some dependencies are CommonJS and call require() for Node built-ins; an ESM bundle needs a real require
// for them (in every chunk too: each is its own module).
const banner = {
  js: "import { createRequire as __pcaMtlsCreateRequire } from 'node:module'; const require = __pcaMtlsCreateRequire(import.meta.url);",
};

export const ESM_BUNDLE_OPTIONS = Object.freeze({
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
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
