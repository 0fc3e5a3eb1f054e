// npm run bench:agent — the agent's bootstrap (fetch, verify, write, render,
// exit: `node dist/agent.mjs --once`) against the original sample's shell
// approach (AWS CLI get-secret-value, jq, openssl) and a bare `node -e 0`,
// on the same secret in one aws-local, each a fresh process, interleaved so
// all three see the same machine load. Prints medians, p90s and the ratios
// against the targets (agent ≤ 0.25× the shell pipeline, ≤ 2.5× bare Node).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AWS_CLI = process.env.PCA_MTLS_AWS_CLI ?? '/usr/bin/aws';
const bundle = join(ROOT, 'dist/agent.mjs');
const TARGET_VS_SHELL = 0.25;
const TARGET_VS_NODE = 2.5;

for (const tool of [AWS_CLI, '/usr/bin/jq', '/usr/bin/openssl']) {
  if (!existsSync(tool)) {
    console.error(`bench:agent needs ${tool} (Debian: apt-get install awscli jq openssl; or set PCA_MTLS_AWS_CLI)`);
    process.exit(2);
  }
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
if (build.status !== 0) {
  console.error(build.stderr);
  process.exit(1);
}

const local = spawn(process.execPath, [join(ROOT, 'bench/agent/local-identity.ts')], {
  cwd: ROOT,
  stdio: ['pipe', 'pipe', 'inherit'],
});
const setup = await new Promise((resolve, reject) => {
  createInterface({ input: local.stdout }).once('line', (line) => resolve(JSON.parse(line)));
  local.once('exit', (code) => reject(new Error(`aws-local setup exited with ${code}`)));
});

const outRoot = mkdtempSync('/dev/shm/pca-mtls-bench-');
const env = {
  ...process.env,
  AWS_ENDPOINT_URL: setup.url,
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_PAGER: '',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LOG_LEVEL: 'warn',
};

const commands = {
  node: [process.execPath, ['-e', '0'], {}],
  agent: [
    process.execPath,
    [
      bundle,
      '--once',
      '--secret-id',
      setup.secretId,
      '--role',
      'server',
      '--allow-peer-san',
      setup.allowPeerSan,
      '--out-dir',
      join(outRoot, 'agent'),
    ],
    {},
  ],
  shell: [
    '/bin/bash',
    [join(ROOT, 'bench/agent/sample-bootstrap.sh')],
    { AWS_CLI, SECRET_ID: setup.secretId, OUT_DIR: join(outRoot, 'shell') },
  ],
};

function timeRun(name) {
  const [file, args, extraEnv] = commands[name];
  const started = process.hrtime.bigint();
  const result = spawnSync(file, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${name} failed (${result.status}): ${result.stderr}`);
  return ms;
}

const times = { node: [], agent: [], shell: [] };
try {
  for (const name of Object.keys(times)) timeRun(name); // warm the file cache and the endpoint once for each
  for (let i = 0; i < RUNS; i++) for (const name of Object.keys(times)) times[name].push(timeRun(name));
} finally {
  local.stdin.end();
  rmSync(outRoot, { recursive: true, force: true });
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (name) => quantile(times[name], 0.5);
const fmt = (ms) => `${ms.toFixed(1).padStart(7)} ms`;
const vsShell = median('agent') / median('shell');
const vsNode = median('agent') / median('node');
const verdict = (ratio, target) =>
  ratio <= target ? `meets the target ≤ ${target}x` : `MISSES the target ≤ ${target}x`;

const kib = (file) => `${(statSync(join(ROOT, 'dist', file)).size / 1024).toFixed(0)} KiB`;
console.log(
  `agent bundle: agent.mjs ${kib('agent.mjs')} (loader) + agent-core.cjs ${kib('agent-core.cjs')} + agent-core.cache ${kib('agent-core.cache')} (V8 code cache)`,
);
console.log(
  `${RUNS} runs each, interleaved, one aws-local, same secret; the shell reads the identity secret only (as the sample did), the agent reads identity and trust bundle`,
);
console.log(
  `bare node -e 0                            median ${fmt(median('node'))}  p90 ${fmt(quantile(times.node, 0.9))}`,
);
console.log(
  `agent --once (fetch, verify, write, exit) median ${fmt(median('agent'))}  p90 ${fmt(quantile(times.agent, 0.9))}`,
);
console.log(
  `shell: aws get-secret-value + jq + openssl median ${fmt(median('shell'))}  p90 ${fmt(quantile(times.shell, 0.9))}`,
);
console.log(`agent / shell pipeline (median): ${vsShell.toFixed(3)}x — ${verdict(vsShell, TARGET_VS_SHELL)}`);
console.log(`agent / bare node     (median): ${vsNode.toFixed(2)}x — ${verdict(vsNode, TARGET_VS_NODE)}`);
