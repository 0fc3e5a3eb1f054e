// npm run bench:lambda-init — the export Lambda's bundle size and cold init
// time (a fresh Node process: import the bundle, build its AWS clients),
// beside a bare `node -e 0` measured in the same run, interleaved so both see
// the same machine load. Prints medians, p90s and the ratio.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const bundle = fileURLToPath(new URL('../dist/lambdas/export-certificate/index.mjs', import.meta.url));

const build = spawnSync(process.execPath, ['scripts/build.mjs'], {
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  encoding: 'utf8',
});
if (build.status !== 0) {
  console.error(build.stderr);
  process.exit(1);
}

const env = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const initScript = `const m = await import(${JSON.stringify(bundle)}); m.clients.acm; m.clients.pca; m.clients.secrets; if (typeof m.handler !== 'function') process.exit(3);`;

function timeRun(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return ms;
}

const bare = [];
const init = [];
timeRun(['-e', '0']); // warm the file cache once for both
timeRun(['--input-type=module', '-e', initScript]);
for (let i = 0; i < RUNS; i++) {
  bare.push(timeRun(['-e', '0']));
  init.push(timeRun(['--input-type=module', '-e', initScript]));
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const sizeKiB = statSync(bundle).size / 1024;

console.log(`export-certificate Lambda bundle: ${sizeKiB.toFixed(0)} KiB (dist/lambdas/export-certificate/index.mjs)`);
console.log(`runs: ${RUNS} each, interleaved`);
console.log(`bare node -e 0                 median ${fmt(quantile(bare, 0.5))}  p90 ${fmt(quantile(bare, 0.9))}`);
console.log(`handler init (import + clients) median ${fmt(quantile(init, 0.5))}  p90 ${fmt(quantile(init, 0.9))}`);
console.log(`ratio init / bare node (median): ${(quantile(init, 0.5) / quantile(bare, 0.5)).toFixed(2)}x`);
console.log(`init cost above bare node (median): ${fmt(quantile(init, 0.5) - quantile(bare, 0.5))}`);
