// npm run bench:fleet [-- --identities 10000 --storm 1000] — the fleet-scale
// targets on an in-process aws-local with AWS's default quotas applied after an
// unthrottled setup: the reconcile sweep over N identities with nothing due
// (calls and time against the list-call floor) and a renewal storm through the
// SQS queue (makespan against N / ExportCertificate quota, dead letters,
// throttled share), an agent start burst (--agents N within one second: started,
// failed, calls, time to material) and the agent's resident memory in watch
// mode against an idle Node HTTP server (--no-memory skips it). Each figure is
// printed as a ratio against a floor measured or computed in the same run, with
// the machine's load.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(process.execPath, ['bench/fleet/run.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
process.exit(result.status ?? 1);
