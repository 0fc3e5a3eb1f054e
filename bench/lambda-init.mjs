// npm run bench:lambda-init — both Lambdas side by side: each bundle's size and its cold init (a fresh
// Node process imports the bundle and builds every AWS client it has, as a first invocation would),
// beside a bare `node -e 0` measured in the same run. Runs are interleaved (bare, export, renew, bare,
// ...) so all three see the same machine load; the ratios are what the targets are about, not the ms.
// Wall time is the target's measure; CPU time (user + system of the process, from a -r preload, in a
// second interleaved series) is printed too, because on a shared machine wall time mostly measures
// the wait for a CPU and inflates every ratio with the load average.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildLambdaBundles } from '../scripts/lambda-bundles.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
/** Targets (issue 9): a bundle of at most 1 MB, a cold init of at most 3x bare node (median wall time). */
const MAX_BUNDLE_BYTES = 1_000_000;
const MAX_INIT_RATIO = 3;
const LAMBDAS = ['export-certificate', 'renew-certificate'];
const REPORT_CPU = fileURLToPath(new URL('lambda-init/report-cpu.cjs', import.meta.url));

const outdir = fileURLToPath(new URL('../dist', import.meta.url));
await buildLambdaBundles(outdir);
const bundleOf = (name) => `${outdir}/lambdas/${name}/index.mjs`;

// What the Lambda runtime sets: the execution role's credentials and the region.
const env = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SESSION_TOKEN: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
};
const initScript = (name) =>
  `const m = await import(${JSON.stringify(bundleOf(name))}); for (const k of Object.keys(m.clients)) m.clients[k]; if (typeof m.handler !== 'function') process.exit(3);`;

/** One fresh process: its wall time in ms, and its own CPU time in ms when the preload reported it. */
function run(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  const cpu = /cpu-us (\d+)/.exec(result.stdout);
  return { wallMs, cpuMs: cpu ? Number(cpu[1]) / 1000 : NaN };
}

const subjects = [
  { label: 'bare node -e 0', args: ['-e', '0'], wall: [], cpu: [] },
  ...LAMBDAS.map((name) => ({
    label: name,
    name,
    args: ['--input-type=module', '-e', initScript(name)],
    wall: [],
    cpu: [],
  })),
];
for (const s of subjects) run(s.args); // warm the file cache once for each
const loadBefore = loadavg()[0];
for (let i = 0; i < RUNS; i++) {
  for (const s of subjects) s.wall.push(run(s.args).wallMs);
  for (const s of subjects) s.cpu.push(run(['-r', REPORT_CPU, ...s.args]).cpuMs);
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const fmt = (ms) => `${ms.toFixed(1).padStart(6)} ms`;
const bareWall = quantile(subjects[0].wall, 0.5);
const bareCpu = quantile(subjects[0].cpu, 0.5);

console.log(
  `node ${process.version}, ${RUNS} runs each, interleaved; load average ${loadBefore.toFixed(2)} -> ${loadavg()[0].toFixed(2)}`,
);
let missed = 0;
for (const s of subjects) {
  const wall = quantile(s.wall, 0.5);
  const cpu = quantile(s.cpu, 0.5);
  let line = `${s.label.padEnd(20)} wall median ${fmt(wall)} p90 ${fmt(quantile(s.wall, 0.9))}  cpu median ${fmt(cpu)}`;
  if (s.name) {
    const bytes = statSync(bundleOf(s.name)).size;
    const ratio = wall / bareWall;
    const ok = bytes <= MAX_BUNDLE_BYTES && ratio <= MAX_INIT_RATIO;
    if (!ok) missed++;
    line += `  init/bare wall ${ratio.toFixed(2)}x cpu ${(cpu / bareCpu).toFixed(2)}x  bundle ${(bytes / 1024).toFixed(0)} KiB (${bytes} B)  ${ok ? 'ok' : 'MISSED'}`;
  }
  console.log(line);
}
console.log(
  `targets: bundle <= ${MAX_BUNDLE_BYTES} B, init <= ${MAX_INIT_RATIO}x bare node (median wall); ${missed ? `${missed} missed` : 'all met'}`,
);
