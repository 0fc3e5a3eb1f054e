import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { awsClientConfig, type AwsClientOptions } from '../../lib/aws/client-config.js';
import { lazyClients } from '../../lib/aws/lazy-clients.js';
import { createLogger, type Logger } from '../../lib/logger.js';
import { renderEnvoyFiles } from '../config/render-bootstrap.js';
import { AgentStatus } from './agent-status.js';
import { bootstrap, envoyRenderOptions, type AgentDependencies, type BootstrapResult } from './bootstrap.js';
import { agentUsage, parseAgentConfig, type AgentConfig } from './config.js';
import { AgentConfigError, describeAgentError } from './errors.js';
import { BATCH_ATTEMPTS, type AgentClients } from './fetch-material.js';
import type { FilesystemCheck } from './memory-filesystem.js';
import { superviseCommand, type SignalSource, type SpawnFunction } from './supervise.js';
import { startWatch, type Watcher } from './watch.js';

/** Exit statuses of the agent itself; with a command, the agent exits with the command's status. */
export const AGENT_EXIT = Object.freeze({ OK: 0, FAILED: 1, USAGE: 2, TERMINATED: 143 });

/** Everything `run` touches outside itself; each defaults to the real thing. */
export interface RunDependencies {
  env?: Readonly<Record<string, string | undefined>>;
  /** Where --print-config and the one-line failure summary go. */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  logger?: Logger;
  clients?: AgentClients;
  now?: () => Date;
  spawn?: SpawnFunction;
  signals?: SignalSource;
  drain?: (adminPort: number) => Promise<void>;
  examineFilesystem?: (dir: string) => Promise<FilesystemCheck>;
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

/**
 * Only Secrets Manager clients, with the lib's timeouts and bounded jittered
 * retries (the bundle carries no other client): one for every call, one with
 * BATCH_ATTEMPTS for BatchGetSecretValue. `options` points them elsewhere
 * (benchmarks: aws-local).
 */
export function createAgentClients(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: AwsClientOptions = {},
): AgentClients {
  const config = { region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION, ...options };
  return lazyClients<AgentClients>({
    secrets: () => new SecretsManagerClient(awsClientConfig(config)),
    batch: () => new SecretsManagerClient(awsClientConfig({ ...config, maxAttempts: BATCH_ATTEMPTS })),
  });
}

/** What the agent's phases share once the settings are read. */
interface AgentRun {
  config: AgentConfig;
  deps: RunDependencies;
  agentDeps: AgentDependencies;
  log: Logger;
  signals: SignalSource;
  status: AgentStatus;
  stderr: (text: string) => void;
}

/**
 * The agent: parse → validate → run. Returns the exit status: 0, 1 (refused
 * or failed; nothing written, no command started), 2 (bad settings), or the
 * supervised command's own status.
 */
export async function run(argv: readonly string[], deps: RunDependencies = {}): Promise<number> {
  const env = deps.env ?? process.env;
  const stdout = deps.stdout ?? ((text: string) => process.stdout.write(text));
  const stderr = deps.stderr ?? ((text: string) => process.stderr.write(text));

  const flags = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (flags.includes('--help') || flags.includes('-h')) {
    stdout(agentUsage());
    return AGENT_EXIT.OK;
  }
  let config: AgentConfig;
  try {
    config = parseAgentConfig(argv, env);
  } catch (err) {
    if (!(err instanceof AgentConfigError)) throw err;
    stderr(`pca-mtls agent: ${err.message}\n`);
    return AGENT_EXIT.USAGE;
  }
  if (config.printConfig) {
    for (const [path, text] of Object.entries(renderEnvoyFiles(envoyRenderOptions(config))))
      stdout(`# ${path}\n${text}`);
    return AGENT_EXIT.OK;
  }

  const logger = deps.logger ?? createLogger({ name: 'pca-mtls-agent', level: env.LOG_LEVEL });
  const agentDeps: AgentDependencies = {
    clients: deps.clients ?? createAgentClients(env),
    logger,
    now: deps.now ?? (() => new Date()),
    examineFilesystem: deps.examineFilesystem,
  };
  const log = logger.child({ secretId: config.secretId, role: config.role });
  const signals = deps.signals ?? process;
  const agent: AgentRun = { config, deps, agentDeps, log, signals, status: new AgentStatus(), stderr };
  const result = await materialInPlace(agent);
  if (typeof result === 'number') return result;
  if (config.once && config.command.length === 0) {
    deps.onReady?.({ bootstrap: result, status: agent.status });
    return AGENT_EXIT.OK;
  }
  return serve(agent, result);
}

/** Steps 1–4: fetch, verify, write and render; before the command runs, SIGTERM/SIGINT simply end the agent. */
async function materialInPlace({ config, agentDeps, log, signals, status, stderr }: AgentRun) {
  // As PID 1 nothing else would end the agent while it fetches.
  const early = untilSignal(signals, ['SIGTERM', 'SIGINT']);
  let result: BootstrapResult;
  try {
    const outcome = await Promise.race([bootstrap(config, agentDeps), early.promise]);
    if (typeof outcome === 'string') {
      log.warn({ signal: outcome }, 'stopped before the material was in place');
      return AGENT_EXIT.TERMINATED;
    }
    result = outcome;
  } catch (err) {
    const { code, message } = describeAgentError(err);
    log.error({ code, problem: message }, 'refusing to start: material not written, command not started');
    stderr(`pca-mtls agent: [${code}] ${message}\n`);
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
  const { config, deps, agentDeps, log, signals, status } = agent;
  let health: Server | undefined;
  let watcher: Watcher | undefined;
  try {
    let healthPort: number | undefined;
    if (config.healthPort !== undefined) {
      health = await startHealthServer(status, config.healthPort, config.healthHost, agentDeps.now);
      healthPort = (health.address() as AddressInfo).port;
      log.info({ healthPort }, 'health and metrics listening');
    }
    if (!config.once) watcher = startWatch({ config, deps: agentDeps, status, random: deps.random });

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
async function startCommand({ config, deps, agentDeps, log, signals, stderr }: AgentRun) {
  try {
    return await superviseCommand({
      command: config.command,
      adminPort: config.adminPort,
      drainTimeoutMs: config.drainTimeoutMs,
      stopTimeoutMs: config.stopTimeoutMs,
      logger: agentDeps.logger,
      spawn: deps.spawn,
      signals,
      drain: deps.drain,
    });
  } catch (err) {
    const { code, message } = describeAgentError(err);
    log.error({ code, problem: message }, 'command not started');
    stderr(`pca-mtls agent: [${code}] ${message}\n`);
    return undefined;
  }
}

/** prom-client and the server load only when --health-port asks for them. */
async function startHealthServer(status: AgentStatus, port: number, host: string, now: () => Date): Promise<Server> {
  const [{ createAgentMetrics }, { createHealthServer }] = await Promise.all([
    import('./metrics.js'),
    import('./health-server.js'),
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
