/**
 * A start burst: A agents (tasks) starting within one second, sharing I
 * identities as a real fleet does (several tasks per service), each with its
 * own Secrets Manager client built as the agent builds it, over real HTTP to
 * aws-local with AWS's default quotas (the table `pca-mtls local` applies).
 *
 * During the burst each agent runs the agent's real fetch (`fetchMaterial`:
 * BatchGetSecretValue, the fallback to GetSecretValue, every retry). Its
 * verify, write and render (`verifyAndWrite`, `writeEnvoyConfig`, the rest of
 * `--once`) run after the burst, one agent at a time, and each agent's own
 * duration is added to its fetch time: in a real fleet every task verifies on
 * its own CPU, while here 2,000 verifications in one process would queue for
 * two cores and slow the agents' calls down below the quotas being tested.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { verifyAndWrite, writeEnvoyConfig } from '../../envoy/agent/bootstrap.ts';
import { parseAgentConfig, type AgentConfig } from '../../envoy/agent/config.ts';
import { fetchMaterial, type FetchedMaterial } from '../../envoy/agent/fetch-material.ts';
import { describeAgentError } from '../../envoy/agent/errors.ts';
import { createAgentClients } from '../../envoy/agent/run-agent.ts';
import { AWS_DEFAULT_QUOTAS } from '../../services/aws-local/core/default-quotas.ts';
import { CREDENTIALS, REGION } from './world.ts';

/** The window the agents' starts are spread over. */
export const START_SPREAD_MS = 1_000;
/** AWS's default BatchGetSecretValue quota (requests/s per account and region), read from aws-local's table. */
export const BATCH_QUOTA =
  AWS_DEFAULT_QUOTAS.find((q) => q.service === 'secretsmanager' && q.operation === 'BatchGetSecretValue')
    ?.requestsPerSecond ?? 100;
const THROUGHPUT_CONCURRENCY = 16;
const THROUGHPUT_MS = 3_000;
const HERE = fileURLToPath(new URL('.', import.meta.url));
/** Unthrottled single-agent starts timed before the burst: the per-agent part of the floor. */
const SOLO_RUNS = 5;

export interface AgentStartFigures {
  agents: number;
  identities: number;
  started: number;
  failed: number;
  failuresByCode: (readonly [string, number])[];
  calls: number;
  throttled: number;
  byOperation: (readonly [string, number])[];
  /** Per agent: its fetch under the burst plus its own verify, write and render, in milliseconds. */
  timeToMaterial: { p50: number; p99: number; max: number };
  /** Per agent: its fetch alone (AWS calls, fallback and retries). */
  fetch: { p50: number; p99: number; max: number };
  /** Last fetch done, from the first start. */
  fetchMakespanMs: number;
  /** An agent's unthrottled start (fetch, verify, write, render) and its fetch alone, medians of SOLO_RUNS. */
  soloMs: number;
  soloFetchMs: number;
  /** The last fetch cannot end before the last start plus one unthrottled fetch. */
  quotaFloorMs: number;
  /** GetSecretValue calls per second this machine answered before the burst (measureThroughput). */
  callsPerSecond: number;
  /** Nor before this machine has answered the burst's calls at that rate. */
  machineFloorMs: number;
  /** The larger of the two. */
  floorMs: number;
  /** What BatchGetSecretValue alone at its quota would force: (A − burst) / quota seconds. */
  batchOnlyFloorMs: number;
}

/** The endpoint process (agent-start-endpoint.ts): its URL, identities, and call counts on request. */
async function startEndpoint(identities: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(HERE, 'agent-start-endpoint.ts'), String(identities)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('bench: the start-burst endpoint exited');
    return JSON.parse(line.value) as unknown;
  };
  const ready = (await next()) as { url: string; identities: string[] };
  return {
    url: ready.url,
    names: ready.identities,
    mark: () => void child.stdin.write('mark\n'),
    counts: async () => {
      child.stdin.write('counts\n');
      return (await next()) as Counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}
type Endpoint = Awaited<ReturnType<typeof startEndpoint>>;
interface Counts {
  total: number;
  throttled: number;
  byOperation: [string, number][];
}

interface Agent {
  config: AgentConfig;
  fetched?: FetchedMaterial;
  fetchMs?: number;
  failure?: string;
}

function agentConfig(identity: string, outDir: string): AgentConfig {
  return parseAgentConfig(
    ['--secret-id', `pca-mtls/${identity}`, '--role', 'server', '--allow-peer-san', 'peer.mesh.local', '--once'],
    { PCA_MTLS_OUT_DIR: outDir },
  );
}

/** Step 1 as one task runs it: its own clients (`createAgentClients`, pointed at aws-local). */
async function fetchAsAgent(world: Endpoint, agent: Agent): Promise<void> {
  const clients = createAgentClients({ AWS_REGION: REGION }, { endpoint: world.url, credentials: CREDENTIALS });
  const started = performance.now();
  try {
    agent.fetched = await fetchMaterial(clients, agent.config);
    agent.fetchMs = performance.now() - started;
  } catch (err) {
    agent.failure = describeAgentError(err).code;
  } finally {
    clients.secrets.destroy();
    clients.batch?.destroy();
  }
}

/** Steps 2–4 of `--once` on what was fetched; returns their duration, or records the refusal. */
async function verifyWriteRender(agent: Agent): Promise<number | undefined> {
  if (!agent.fetched) return undefined;
  const started = performance.now();
  try {
    const update = await verifyAndWrite(agent.fetched, agent.config, { now: () => new Date() });
    await writeEnvoyConfig(agent.config, update.verified.identity);
    return performance.now() - started;
  } catch (err) {
    agent.failure = describeAgentError(err).code;
    return undefined;
  } finally {
    agent.fetched = undefined;
  }
}

/**
 * What this machine can answer: GetSecretValue calls per second from this
 * process (client side as the agents do it) to the endpoint process, at
 * THROUGHPUT_CONCURRENCY for THROUGHPUT_MS. Below AWS's quotas on a loaded
 * 2-core machine, so it bounds the burst as much as the quotas do.
 */
async function measureThroughput(world: Endpoint, secretId: string): Promise<number> {
  const clients = createAgentClients({ AWS_REGION: REGION }, { endpoint: world.url, credentials: CREDENTIALS });
  const started = performance.now();
  let answered = 0;
  await Promise.all(
    Array.from({ length: THROUGHPUT_CONCURRENCY }, async () => {
      while (performance.now() - started < THROUGHPUT_MS) {
        await clients.secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
        answered++;
      }
    }),
  );
  clients.secrets.destroy();
  return answered / ((performance.now() - started) / 1000);
}

async function soloStart(world: Endpoint, agent: Agent): Promise<{ fetchMs: number; totalMs: number }> {
  await fetchAsAgent(world, agent);
  const rest = await verifyWriteRender(agent);
  if (rest === undefined) throw new Error(`bench: an unthrottled agent failed: ${agent.failure}`);
  return { fetchMs: agent.fetchMs!, totalMs: agent.fetchMs! + rest };
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

export async function agentStartScenario(agents: number, identities: number): Promise<AgentStartFigures> {
  const endpoint = await startEndpoint(identities);
  const root = await mkdtemp('/dev/shm/pca-mtls-fleet-agents-');
  try {
    const names = endpoint.names;
    // Buckets start full; let them settle as a real account's would before a deploy.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const solo: { fetchMs: number; totalMs: number }[] = [];
    for (let i = 0; i < SOLO_RUNS; i++) {
      solo.push(await soloStart(endpoint, { config: agentConfig(names[i % names.length]!, join(root, `solo-${i}`)) }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const callsPerSecond = await measureThroughput(endpoint, `pca-mtls/${names[0]!}`);
    // The read bucket refills within a second; wait as long again so the burst starts on full buckets.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const soloMs = median(solo.map((s) => s.totalMs));
    const soloFetchMs = median(solo.map((s) => s.fetchMs));
    const figures = await burst(endpoint, names, agents, root);
    return {
      ...figures,
      soloMs,
      soloFetchMs,
      callsPerSecond,
      ...floors(agents, soloFetchMs, figures.calls, callsPerSecond),
    };
  } finally {
    await endpoint.close();
    await rm(root, { recursive: true, force: true });
  }
}

function floors(agents: number, soloFetchMs: number, calls: number, callsPerSecond: number) {
  const quotaFloorMs = START_SPREAD_MS + soloFetchMs;
  const machineFloorMs = (calls / callsPerSecond) * 1000;
  return {
    quotaFloorMs,
    machineFloorMs,
    floorMs: Math.max(quotaFloorMs, machineFloorMs),
    batchOnlyFloorMs: (Math.max(0, agents - BATCH_QUOTA) / BATCH_QUOTA) * 1000,
  };
}

/** A agents, agent k starting at k/A of the spread; agent k serves identity k mod I. */
async function burst(world: Endpoint, names: readonly string[], agents: number, root: string) {
  const fleet: Agent[] = Array.from({ length: agents }, (_, k) => ({
    config: agentConfig(names[k % names.length]!, join(root, `agent-${k}`)),
  }));
  world.mark();
  const first = performance.now();
  await Promise.all(
    fleet.map(async (agent, k) => {
      await new Promise((resolve) => setTimeout(resolve, (k / agents) * START_SPREAD_MS));
      await fetchAsAgent(world, agent);
    }),
  );
  const fetchMakespanMs = performance.now() - first;
  const counted = await world.counts();
  const times: number[] = [];
  for (const agent of fleet) {
    const rest = await verifyWriteRender(agent);
    if (rest !== undefined) times.push(agent.fetchMs! + rest);
  }
  const failures = new Map<string, number>();
  for (const { failure } of fleet) if (failure) failures.set(failure, (failures.get(failure) ?? 0) + 1);
  const sorted = times.sort((a, b) => a - b);
  const fetchSorted = fleet.flatMap((a) => (a.fetchMs === undefined ? [] : [a.fetchMs])).sort((a, b) => a - b);
  return {
    agents,
    identities: names.length,
    started: times.length,
    failed: agents - times.length,
    failuresByCode: [...failures],
    calls: counted.total,
    throttled: counted.throttled,
    byOperation: counted.byOperation,
    timeToMaterial: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN },
    fetch: { p50: percentile(fetchSorted, 50), p99: percentile(fetchSorted, 99), max: fetchSorted.at(-1) ?? NaN },
    fetchMakespanMs,
  };
}
