// npm run bench:renewal — 50 identities (BENCH_IDENTITIES) come due together and
// ACM renews them all at its 60-day mark; its events reach the renew function
// through the queue path the stack deploys (rule → SQS → event source mapping,
// paced exports), under AWS's default quotas on an in-process aws-local: time
// from the clock advance until every event is handled against N / the
// ExportCertificate quota, and AWS calls per renewal against the target of 7.
// The scenario is TypeScript (it uses the project's export service for setup): Node 24 runs it as it is (type stripping).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(process.execPath, ['bench/renewal/run.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
process.exit(result.status ?? 1);
