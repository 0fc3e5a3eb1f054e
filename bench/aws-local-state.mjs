// npm run bench:aws-local-state — aws-local's per-write cost as its state grows:
// PutSecretValue (real SDK over HTTP, persistent --state-dir) with 100, 1,000 and
// 10,000 identity-sized secrets stored, and the ratio of the largest to the smallest.
// The scenario is TypeScript: Node 24 runs it as it is (type stripping).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(process.execPath, ['bench/aws-local-state/run.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
process.exit(result.status ?? 1);
