/** Prints the start-burst figures (agent-start-scenario.ts) with their ratios; false when the target is missed. */
import { loadavg } from 'node:os';
import { agentStartScenario, BATCH_QUOTA, START_SPREAD_MS } from './agent-start-scenario.ts';

const ms = (value: number) => `${Math.round(value)} ms`;
const list = (pairs: readonly (readonly [string, number])[]) =>
  [...pairs]
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${n}`)
    .join(', ') || 'none';

export async function agentStartReport(agents: number, identities: number): Promise<boolean> {
  const r = await agentStartScenario(agents, identities);
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(
    `\nagent start burst: ${r.agents} agents (tasks) sharing ${r.identities} identities, starts spread over ${START_SPREAD_MS} ms, default quotas (load ${load})`,
  );
  console.log(`  started ${r.started}/${r.agents}, failed ${r.failed} (${list(r.failuresByCode)}); target: all start`);
  console.log(
    `  AWS calls: ${r.calls} (${(r.calls / r.agents).toFixed(2)} per agent), throttled ${r.throttled} = ${((r.throttled / Math.max(1, r.calls)) * 100).toFixed(2)} %`,
  );
  console.log(`  by operation: ${list(r.byOperation)}`);
  console.log(
    `  time to material per agent (its fetch in the burst + its own verify, write, render): p50 ${ms(r.timeToMaterial.p50)}, p99 ${ms(r.timeToMaterial.p99)}, max ${ms(r.timeToMaterial.max)} (unthrottled: ${ms(r.soloMs)})`,
  );
  console.log(
    `  fetch per agent: p50 ${ms(r.fetch.p50)}, p99 ${ms(r.fetch.p99)}, max ${ms(r.fetch.max)} (unthrottled: ${ms(r.soloFetchMs)})`,
  );
  console.log(
    `  last fetch done ${ms(r.fetchMakespanMs)} after the first start: ${(r.fetchMakespanMs / r.floorMs).toFixed(2)}x the floor ${ms(r.floorMs)}, the larger of: the quotas with the fallback ${ms(r.quotaFloorMs)} (spread + one unthrottled fetch), this machine ${ms(r.machineFloorMs)} (${r.calls} calls at the ${Math.round(r.callsPerSecond)}/s it answered before the burst); BatchGetSecretValue alone at ${BATCH_QUOTA}/s would force ${ms(r.batchOnlyFloorMs)}`,
  );
  return r.failed === 0;
}
