/**
 * The agent's resident memory in watch mode against an idle Node HTTP server,
 * both measured in this run on the same Node binary: the agent bundle the
 * image runs (agent.mjs + agent-core.cjs + agent-core.cache, built into a
 * temporary dir) with a health port (the image sets one) and a stand-in for
 * Envoy (`sleep`), against aws-local; VmRSS read from /proc/PID/status after
 * the agent's watch has checked its secrets a few times.
 */
import { DockerfileParser } from 'dockerfile-ast';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportFleet } from './export-fleet.ts';
import { CREDENTIALS, REGION, startWorld } from './world.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Target: the agent's VmRSS at most this multiple of the idle server's. */
export const MEMORY_RATIO_TARGET = 1.2;
/** A check every second, so the sample follows many: steady state, not start-up. */
const WATCH_INTERVAL = '1s';
/**
 * Both processes run this long before sampling: V8's memory reducer shrinks
 * the heap some seconds after start-up's allocations stop (the agent measured
 * ~5 MB less after 20 s than after 6 s), and a sidecar lives for days.
 */
const SETTLE_MS = 15_000;
const SAMPLES = 5;
const SAMPLE_GAP_MS = 500;
/** Worker checks (and bare node starts) timed one after the other; the median is printed. */
const WORKER_RUNS = 5;
const READY_TIMEOUT_MS = 60_000;

/**
 * The node flags the image runs the agent with: what its ENTRYPOINT puts between
 * node and agent.mjs (e.g. --lite-mode), so this measures the process the image runs.
 */
export function imageNodeFlags(dockerfile = join(ROOT, 'docker/agent-envoy/Dockerfile')): string[] {
  const entrypoint = DockerfileParser.parse(readFileSync(dockerfile, 'utf8'))
    .getInstructions()
    .filter((i) => i.getKeyword() === 'ENTRYPOINT')
    .at(-1);
  const argv: unknown = JSON.parse(entrypoint?.getArgumentsContent() ?? 'null');
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string'))
    throw new Error(`bench: no exec-form ENTRYPOINT in ${dockerfile}`);
  const agent = argv.findIndex((a) => a.endsWith('/agent.mjs'));
  if (agent < 1) throw new Error(`bench: the ENTRYPOINT in ${dockerfile} does not run agent.mjs`);
  return argv.slice(1, agent);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** VmRSS, RssAnon and RssFile in KiB. */
async function residentKiB(pid: number): Promise<{ rss: number; anon: number; file: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: field('VmRSS'), anon: field('RssAnon'), file: field('RssFile') };
}

/** Median of SAMPLES readings (by VmRSS), SAMPLE_GAP_MS apart. */
async function sampleResident(pid: number) {
  const readings = [];
  for (let i = 0; i < SAMPLES; i++) {
    readings.push(await residentKiB(pid));
    await sleep(SAMPLE_GAP_MS);
  }
  return readings.sort((a, b) => a.rss - b.rss)[Math.floor(SAMPLES / 2)]!;
}

async function waitUntil(what: string, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`bench: ${what} did not happen within ${READY_TIMEOUT_MS} ms`);
    await sleep(100);
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The environment the agent (and each of its workers) runs with. */
function agentEnvironment(url: string, outDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_ENDPOINT_URL: url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LOG_LEVEL: 'info',
    PCA_MTLS_OUT_DIR: outDir,
    // A free port; the agent logs which (`healthPort`).
    PCA_MTLS_HEALTH_PORT: '0',
    PCA_MTLS_HEALTH_HOST: '127.0.0.1',
    PCA_MTLS_WATCH_INTERVAL: WATCH_INTERVAL,
    PCA_MTLS_DRAIN_TIMEOUT: '100ms',
  };
}

/** The agent as the image runs it, in watch mode; resolves once its watch has checked at least once, plus SETTLE_MS. */
async function agentResident(bundleDir: string, url: string, secretId: string, outDir: string) {
  const env = agentEnvironment(url, outDir);
  // The resident agent and the worker it starts for a check read the same settings.
  const agentFlags = ['--secret-id', secretId, '--role', 'server', '--allow-peer-san', 'peer.mesh.local'];
  const agent = spawn(
    process.execPath,
    [...imageNodeFlags(), join(bundleDir, 'agent.mjs'), ...agentFlags, '--', 'sleep', '3600'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env,
    },
  );
  let stderr = '';
  let healthPort: string | undefined;
  agent.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
    healthPort ??= /"healthPort":(\d+)/.exec(stderr)?.[1];
  });
  try {
    await waitUntil("the agent's first watch check", async () => {
      if (agent.exitCode !== null) throw new Error(`agent exited ${agent.exitCode}: ${stderr}`);
      if (healthPort === undefined) return false;
      const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
      return /^pca_mtls_agent_last_check_timestamp_seconds [1-9]/m.test(metrics);
    });
    await sleep(SETTLE_MS);
    const resident = await sampleResident(agent.pid!);
    const health = (await (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).json()) as Record<string, string>;
    const versions = JSON.stringify([health.secretVersionId, health.trustBundleVersionId]);
    const workerArgs = ['--material-worker', 'check', versions, ...agentFlags];
    const checkMs = await medianMs(process.execPath, [join(bundleDir, 'agent.mjs'), ...workerArgs], env);
    const bareMs = await medianMs(process.execPath, ['-e', '0'], env);
    return { resident, checkMs, bareMs };
  } finally {
    await stop(agent);
  }
}

/** Median wall time of WORKER_RUNS sequential runs of a command, in ms (async: aws-local runs in this process). */
async function medianMs(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < WORKER_RUNS; i++) {
    const started = performance.now();
    const run = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    run.stdout.on('data', (d: Buffer) => (output += d.toString()));
    run.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const status = await new Promise<number | null>((resolve) => run.once('close', resolve));
    if (status !== 0) throw new Error(`bench: ${args.slice(0, 2).join(' ')} exited ${status}: ${output}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(WORKER_RUNS / 2)]!;
}

/** `node -e "require('http').createServer().listen(0,'127.0.0.1')"`, sampled after the same settle time. */
async function idleServerResident() {
  const server = spawn(
    process.execPath,
    ['-e', "require('http').createServer().listen(0,'127.0.0.1',()=>console.log('listening'))"],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise((resolve, reject) => {
      server.stdout.once('data', resolve);
      server.once('exit', (code) => reject(new Error(`idle server exited ${code}`)));
    });
    await sleep(SETTLE_MS);
    return await sampleResident(server.pid!);
  } finally {
    await stop(server);
  }
}

function buildAgentInto(dir: string): void {
  const built = spawnSync(process.execPath, ['envoy/agent/bundle/build-agent-bundle.mjs', dir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`agent bundle build failed: ${built.stderr}`);
}

const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MB`;
const parts = (r: { rss: number; anon: number; file: number }) =>
  `${mib(r.rss)} (anonymous ${mib(r.anon)}, file ${mib(r.file)})`;

/** Prints both residents and their ratio; false when the agent is above MEMORY_RATIO_TARGET × the idle server. */
export async function agentMemoryReport(): Promise<boolean> {
  const bundleDir = await mkdtemp(join(tmpdir(), 'pca-mtls-agent-bundle-'));
  const outDir = await mkdtemp('/dev/shm/pca-mtls-agent-memory-');
  const world = await startWorld();
  try {
    buildAgentInto(bundleDir);
    const [identity] = await exportFleet(world, 1);
    const {
      resident: agent,
      checkMs,
      bareMs,
    } = await agentResident(bundleDir, world.url, `pca-mtls/${identity}`, outDir);
    const idle = await idleServerResident();
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    console.log(`
agent resident memory in watch mode (VmRSS, median of ${SAMPLES}; load ${load})`);
    const flags = imageNodeFlags().join(' ') || 'no flags';
    console.log(`  agent (image's bundle, node ${flags}, health port, watch every ${WATCH_INTERVAL}): ${parts(agent)}`);
    console.log(`  idle Node HTTP server, same node ${process.version}: ${parts(idle)}`);
    console.log(`  ratio ${(agent.rss / idle.rss).toFixed(2)}x (target ≤ ${MEMORY_RATIO_TARGET}x)`);
    console.log(
      `  one watch check in its worker process (DescribeSecret ×2, unchanged), median of ${WORKER_RUNS}: ` +
        `${checkMs.toFixed(0)} ms wall; bare \`node -e 0\`: ${bareMs.toFixed(0)} ms`,
    );
    return agent.rss <= MEMORY_RATIO_TARGET * idle.rss;
  } finally {
    await world.close();
    await rm(bundleDir, { recursive: true, force: true });
    await rm(outDir, { recursive: true, force: true });
  }
}
