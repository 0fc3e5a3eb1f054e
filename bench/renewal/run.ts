/**
 * The renewal benchmark's scenario (bench/renewal.mjs starts it with tsx).
 * BENCH_IDENTITIES (default 50) ACM identities in `redeploy` mode, each bound
 * to its own ECS service, come due together; ACM renews them at its 60-day
 * mark and its events reach the renew function the way the stack wires them
 * (rule → SQS queue → event source mapping, each instance pacing
 * ExportCertificate at its share of the quota; bench/fleet/renewal-queue.ts),
 * under aws-local's default quotas. Two runs: the rules as installed (the
 * clock jump also crosses an hourly sweep, invoked directly as in the stack)
 * and events only. Per run: the time from the clock advance until every event
 * is handled, against the floor N / ExportCertificate quota; AWS calls per
 * renewal against the target of 7 and the minimum of 6; throttled calls;
 * dead letters.
 */
import { loadavg } from 'node:os';
import { EXPORT_QUOTA, QUEUE_SETTINGS } from '../fleet/renewal-queue.ts';
import { stormScenario, type StormFigures } from '../fleet/storm-scenario.ts';
import { startWorld } from '../fleet/world.ts';

const IDENTITIES = Number(process.env.BENCH_IDENTITIES ?? 50);
/** Per renewal of a redeploy identity bound to one service: ListSecrets, DescribeCertificate, ExportCertificate, PutSecretValue, TagResource, UpdateService. */
const MINIMUM_CALLS_PER_RENEWAL = 6;
const TARGET_CALLS_PER_RENEWAL = 7;
const TARGET_MAKESPAN_RATIO = 1.2;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function run(sweep: boolean): Promise<StormFigures> {
  const world = await startWorld();
  try {
    return await stormScenario(world, IDENTITIES, { sweep });
  } finally {
    await world.close();
  }
}

function report(label: string, r: StormFigures): boolean {
  const perRenewal = r.calls / r.identities;
  const ratio = r.seconds / r.floorSeconds;
  const productRatio = (r.seconds - r.acmSeconds) / r.floorSeconds;
  console.log(`\n${label}`);
  console.log(
    `  renewed ${r.renewed}/${r.identities}, rolled ${r.rolled}/${r.identities}, dead letters ${r.deadLetters}`,
  );
  console.log(
    `  makespan: ${r.seconds.toFixed(2)} s — floor ${r.floorSeconds.toFixed(1)} s (N / ExportCertificate ${EXPORT_QUOTA}/s): ${ratio.toFixed(2)}x (target ≤ ${TARGET_MAKESPAN_RATIO}x)`,
  );
  console.log(
    `    of which ${r.acmSeconds.toFixed(2)} s before the first invocation (aws-local's ACM signing the renewals); from the first invocation: ${productRatio.toFixed(2)}x`,
  );
  console.log(
    `  AWS calls: ${r.calls} = ${perRenewal.toFixed(2)} per renewal (target ≤ ${TARGET_CALLS_PER_RENEWAL}; minimum ${MINIMUM_CALLS_PER_RENEWAL}: ${(perRenewal / MINIMUM_CALLS_PER_RENEWAL).toFixed(2)}x), throttled ${r.throttled}`,
  );
  console.log(
    `  by operation: ${[...r.byOperation]
      .sort((a, b) => b[1] - a[1])
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}`,
  );
  return r.renewed === r.identities && r.rolled === r.identities && r.deadLetters === 0;
}

console.log(`bench:renewal — load average (1/5/15 min) at start: ${load()}`);
console.log(
  `${IDENTITIES} ACM identities due together, redeploy mode, one ECS service each; AWS's default quotas (aws-local's table)`,
);
console.log(
  `queue as the stack wires it: batch ${QUEUE_SETTINGS.batchSize}, window ${QUEUE_SETTINGS.batchingWindowSeconds} s, maximum concurrency ${QUEUE_SETTINGS.maximumConcurrency}, ExportCertificate paced at ${QUEUE_SETTINGS.exportRatePerInstance}/s per instance`,
);
const installed = report(
  'rules as installed (ACM events through the queue; the hourly sweep invoked directly)',
  await run(true),
);
const eventsOnly = report('events only (no sweep rule)', await run(false));
console.log(`\nload average at end: ${load()}`);
if (!installed || !eventsOnly) process.exitCode = 1;
