#!/usr/bin/env node
// The installed command runs the bundle that `npm run build` writes.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('pca-mtls: dist/cli.mjs is missing; run `npm run build` first\n');
  process.exit(2);
}
await import(bundle);
