// npm run bench:renewal — 50 identities come due together (ACM renews them all at
// its 60-day mark) on `pca-mtls local` processes, one with ACM's ExportCertificate
// quota (--quota acm:ExportCertificate=5) and one without (the baseline, same run):
// time from the clock advance until every secret holds the new serial and every
// bound service has a new deployment, and AWS calls per renewal against the minimum.
// The scenario is TypeScript (it uses the project's export service for setup): run it with tsx.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/renewal/run.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
process.exit(result.status ?? 1);
