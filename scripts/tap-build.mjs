// package.json "prepare" (runs after `npm install` / `npm ci`): builds tap's test class for the plugin set
// in .taprc (no @tapjs/typescript: Node's type stripping runs the tests). tap ships built for its default plugins and otherwise
// rebuilds into node_modules/@tapjs/test on the first test run; installing is the step that writes
// node_modules, so the build happens here and `npm test` writes nothing there.
// Skipped when tap is not installed (npm ci --omit=dev).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TAP = fileURLToPath(new URL('../node_modules/tap/dist/esm/run.mjs', import.meta.url));

if (!existsSync(TAP)) {
  console.error('tap is not installed (production install): no test build');
} else {
  const built = spawnSync(process.execPath, [TAP, 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error(`tap build failed (${built.status ?? built.signal})`);
    process.exit(1);
  }
}
