import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../lib/logger.ts';
import { AgentStatus } from './agent-status.ts';
import type { BootstrapResult } from './bootstrap.ts';
import type { AgentConfig } from './config.ts';
import { describeAgentError } from './errors.ts';
import type { MaterialWorker } from './material-worker.ts';
import { superviseCommand, type SignalSource, type SpawnFunction } from './supervise.ts';
import { startWatch, type Watcher } from './watch.ts';

/** Exit statuses of the agent itself; with a command, the agent exits with the command's status. */
export const AGENT_EXIT = Object.freeze({ OK: 0, FAILED: 1, USAGE: 2, TERMINATED: 143 });

/** What the resident agent touches outside itself. It loads no AWS SDK, X.509 or YAML code: the worker does that work. */
export interface SupervisorDependencies {
  worker: MaterialWorker;
  logger: Logger;
  stderr: (text: string) => void;
  now: () => Date;
  spawn?: SpawnFunction;
  signals?: SignalSource;
  drain?: (adminPort: number) => Promise<void>;
  random?: () => number;
  /** Called once the material is in place and the command (if any) runs; tests learn ports and pids here. */
  onReady?: (info: {
    bootstrap: BootstrapResult;
    healthPort?: number;
    childPid?: number;
    watcher?: Watcher;
    status: AgentStatus;
  }) => void;
}

/** What the agent's phases share once the settings are read. */
interface AgentRun {
  config: AgentConfig;
  deps: SupervisorDependencies;
  log: Logger;
  signals: SignalSource;
  status: AgentStatus;
}

/**
 * The agent on validated settings: material in place (steps 1–4, by the
 * worker), then health, watch and the supervised command. Returns the exit
 * status: 0, 1 (refused or failed; nothing written, no command started), or
 * the supervised command's own status.
 */
export async function runAgent(config: AgentConfig, deps: SupervisorDependencies): Promise<number> {
  const log = deps.logger.child({ secretId: config.secretId, role: config.role });
  const signals = deps.signals ?? process;
  const agent: AgentRun = { config, deps, log, signals, status: new AgentStatus() };
  const result = await materialInPlace(agent);
  if (typeof result === 'number') return result;
  if (config.once && config.command.length === 0) {
    deps.onReady?.({ bootstrap: result, status: agent.status });
    return AGENT_EXIT.OK;
  }
  return serve(agent, result);
}

/** Steps 1–4: fetch, verify, write and render; before the command runs, SIGTERM/SIGINT simply end the agent. */
async function materialInPlace({ config, deps, log, signals, status }: AgentRun) {
  // As PID 1 nothing else would end the agent while it fetches.
  const early = untilSignal(signals, ['SIGTERM', 'SIGINT']);
  const abort = new AbortController();
  let result: BootstrapResult;
  try {
    const outcome = await Promise.race([deps.worker.start(abort.signal), early.promise]);
    if (typeof outcome === 'string') {
      abort.abort();
      log.warn({ signal: outcome }, 'stopped before the material was in place');
      return AGENT_EXIT.TERMINATED;
    }
    result = outcome;
  } catch (err) {
    const { code, message } = describeAgentError(err);
    log.error({ code, problem: message }, 'refusing to start: material not written, command not started');
    deps.stderr(`pca-mtls agent: [${code}] ${message}\n`);
    return AGENT_EXIT.FAILED;
  } finally {
    early.cancel();
  }
  status.materialWritten(result.material);
  log.info(
    {
      serial: result.serial,
      notAfter: result.notAfter,
      version: result.version,
      secretVersionId: result.secretVersionId,
      outDir: config.outDir,
      filesystem: result.filesystem.name,
      fetchCalls: result.fetchCalls,
    },
    'material verified and written',
  );
  return result;
}

/** Health server and watch (as configured), then the command — or, without one, until SIGTERM/SIGINT. */
async function serve(agent: AgentRun, result: BootstrapResult): Promise<number> {
  const { config, deps, log, signals, status } = agent;
  let health: Server | undefined;
  let watcher: Watcher | undefined;
  try {
    let healthPort: number | undefined;
    if (config.healthPort !== undefined) {
      health = await startHealthServer(status, config.healthPort, config.healthHost, deps.now);
      healthPort = (health.address() as AddressInfo).port;
      log.info({ healthPort }, 'health and metrics listening');
    }
    if (!config.once) {
      watcher = startWatch({
        intervalMs: config.watchIntervalMs,
        worker: deps.worker,
        status,
        logger: deps.logger,
        secretId: config.secretId,
        now: deps.now,
        random: deps.random,
      });
    }
    if (config.command.length === 0) {
      deps.onReady?.({ bootstrap: result, healthPort, watcher, status });
      const signal = await untilSignal(signals, ['SIGTERM', 'SIGINT']).promise;
      log.info({ signal }, 'stopping');
      return AGENT_EXIT.OK;
    }
    const supervision = await startCommand(agent);
    if (supervision === undefined) return AGENT_EXIT.FAILED;
    deps.onReady?.({ bootstrap: result, healthPort, childPid: supervision.pid, watcher, status });
    const exit = await supervision.exited;
    return exit.status;
  } finally {
    await watcher?.stop();
    if (health) await new Promise((resolve) => health!.close(resolve));
  }
}

/** Step 5: the command under supervision; undefined (reported) when it cannot be started. */
async function startCommand({ config, deps, log, signals }: AgentRun) {
  try {
    return await superviseCommand({
      command: config.command,
      adminPort: config.adminPort,
      drainTimeoutMs: config.drainTimeoutMs,
      stopTimeoutMs: config.stopTimeoutMs,
      logger: deps.logger,
      spawn: deps.spawn,
      signals,
      drain: deps.drain,
    });
  } catch (err) {
    const { code, message } = describeAgentError(err);
    log.error({ code, problem: message }, 'command not started');
    deps.stderr(`pca-mtls agent: [${code}] ${message}\n`);
    return undefined;
  }
}

/** The health server loads only when --health-port asks for it. */
async function startHealthServer(status: AgentStatus, port: number, host: string, now: () => Date): Promise<Server> {
  const [{ createAgentMetrics }, { createHealthServer }] = await Promise.all([
    import('./metrics.ts'),
    import('./health-server.ts'),
  ]);
  const server = createHealthServer({ status, metrics: createAgentMetrics(status, now), now });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

function untilSignal(
  signals: SignalSource,
  names: NodeJS.Signals[],
): { promise: Promise<NodeJS.Signals>; cancel(): void } {
  let handler: (signal: NodeJS.Signals) => void = () => {};
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    handler = (signal) => resolve(signal);
    for (const name of names) signals.on(name, handler);
  });
  return { promise, cancel: () => names.forEach((name) => signals.off(name, handler)) };
}
