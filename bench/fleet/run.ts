/**
 * bench:fleet's scenarios (bench/fleet.mjs starts this with tsx). Flags:
 * --identities N (sweep fleet, default 10,000; 0 skips it), --storm N (renewal storm,
 * default 1,000; 0 skips it), --agents N (start burst, default 2,000; 0 skips
 * it) sharing --agent-identities N (default 200), --memory (agent RSS in watch
 * mode against an idle Node HTTP server; default on, --no-memory skips it).
 */
import { loadavg } from 'node:os';
import { agentMemoryReport } from './agent-memory-report.ts';
import { agentStartReport } from './agent-start-report.ts';
import { parseArgs } from 'node:util';
import { EXPORT_QUOTA, QUEUE_SETTINGS } from './renewal-queue.ts';
import { stormScenario } from './storm-scenario.ts';
import { sweepScenario } from './sweep-scenario.ts';
import { startWorld } from './world.ts';

const { values } = parseArgs({
  allowNegative: true,
  options: {
    identities: { type: 'string', default: '10000' },
    storm: { type: 'string', default: '1000' },
    agents: { type: 'string', default: '2000' },
    'agent-identities': { type: 'string', default: '200' },
    memory: { type: 'boolean', default: true },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'npm run bench:fleet -- [--identities N (default 10000, 0 skips)] [--storm N (default 1000, 0 skips)] [--agents N (default 2000, 0 skips)] [--agent-identities N (default 200)] [--no-memory]',
  );
  process.exit(0);
}
const identities = Number(values.identities);
const storm = Number(values.storm);
const SWEEP_CALLS_TARGET = 250;
const SWEEP_SECONDS_TARGET = 60;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const ratio = (value: number, floor: number) => `${(value / floor).toFixed(2)}x`;
const ops = (list: readonly (readonly [string, number])[]) =>
  [...list]
    .sort((a, b) => b[1] - a[1])
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');

console.log(`bench:fleet — load average (1/5/15 min) at start: ${load()}`);
let failed = false;
if (identities > 0) {
  const world = await startWorld();
  try {
    const s = await sweepScenario(world, identities);
    console.log(`\nsweep over ${s.identities} identities (half acm, half pca), nothing due, default quotas`);
    console.log(`  due found: ${s.due} (expected 0)`);
    console.log(
      `  AWS calls: ${s.calls} — floor ${s.floorCalls} (list pages): ${ratio(s.calls, s.floorCalls)}; target ≤ ${SWEEP_CALLS_TARGET}: ${ratio(s.calls, SWEEP_CALLS_TARGET)}`,
    );
    console.log(
      `  time: ${s.seconds.toFixed(2)} s — floor ${s.floorSeconds.toFixed(2)} s (ListCertificates at 1/s): ${ratio(s.seconds, Math.max(s.floorSeconds, 0.01))}; target ≤ ${SWEEP_SECONDS_TARGET} s: ${ratio(s.seconds, SWEEP_SECONDS_TARGET)}`,
    );
    console.log(`  by operation: ${ops(s.byOperation)}`);
    if (s.due !== 0 || s.calls > SWEEP_CALLS_TARGET || s.seconds > SWEEP_SECONDS_TARGET) failed = true;
  } finally {
    await world.close();
  }
}
if (storm > 0) {
  const world = await startWorld();
  try {
    const r = await stormScenario(world, storm);
    const throttledShare = r.throttled / Math.max(1, r.calls);
    console.log(
      `\nrenewal storm: ${r.identities} ACM identities renewed together, through the SQS queue, default quotas`,
    );
    console.log(
      `  renewed ${r.renewed}/${r.identities}, rolled ${r.rolled}/${r.identities}, dead letters ${r.deadLetters}`,
    );
    console.log(
      `  queue: batch ${QUEUE_SETTINGS.batchSize}, window ${QUEUE_SETTINGS.batchingWindowSeconds} s, maximum concurrency ${QUEUE_SETTINGS.maximumConcurrency}, ExportCertificate paced at ${QUEUE_SETTINGS.exportRatePerInstance}/s per instance`,
    );
    console.log(
      `  makespan: ${r.seconds.toFixed(2)} s — floor ${r.floorSeconds.toFixed(1)} s (N / ExportCertificate ${EXPORT_QUOTA}/s): ${ratio(r.seconds, r.floorSeconds)} (target ≤ 1.2x)`,
    );
    console.log(
      `    of which ${r.acmSeconds.toFixed(2)} s before the first invocation (aws-local's ACM signing ${r.identities} renewals); after it: ${ratio(r.seconds - r.acmSeconds, r.floorSeconds)}`,
    );
    console.log(
      `  AWS calls: ${r.calls} (${(r.calls / r.identities).toFixed(2)} per renewal), throttled ${r.throttled} = ${(throttledShare * 100).toFixed(2)} % (target < 5 %)`,
    );
    console.log(`  by operation: ${ops(r.byOperation)}`);
    if (r.renewed < r.identities || r.rolled < r.identities || r.deadLetters > 0 || throttledShare >= 0.05)
      failed = true;
  } finally {
    await world.close();
  }
}
if (Number(values.agents) > 0 && !(await agentStartReport(Number(values.agents), Number(values['agent-identities']))))
  failed = true;
if (values.memory && !(await agentMemoryReport())) failed = true;
console.log(`\nload average at end: ${load()}`);
if (failed) process.exitCode = 1;
