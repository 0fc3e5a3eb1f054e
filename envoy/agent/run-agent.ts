import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientConfig, type AwsClientOptions } from '../../lib/aws/client-config.ts';
import { lazyClients } from '../../lib/aws/lazy-clients.ts';
import { createLogger } from '../../lib/logger.ts';
import { renderEnvoyFiles } from '../config/render-bootstrap.ts';
import { AGENT_EXIT, runAgent, type SupervisorDependencies } from './agent-supervisor.ts';
import { envoyRenderOptions } from './bootstrap.ts';
import { agentUsage, parseAgentConfig, type AgentConfig } from './config.ts';
import { AgentConfigError } from './errors.ts';
import { BATCH_ATTEMPTS, type AgentClients } from './fetch-material.ts';
import { inProcessWorker } from './in-process-worker.ts';
import type { FilesystemCheck } from './memory-filesystem.ts';
import { runMaterialWorker } from './worker-main.ts';

export { AGENT_EXIT };

/** Everything `run` touches outside itself; each defaults to the real thing. */
export interface RunDependencies extends Partial<Omit<SupervisorDependencies, 'worker'>> {
  env?: Readonly<Record<string, string | undefined>>;
  /** Where --print-config and the one-line failure summary go. */
  stdout?: (text: string) => void;
  clients?: AgentClients;
  examineFilesystem?: (dir: string) => Promise<FilesystemCheck>;
  /** Does the material work; default: in this process with `clients` (the bundle's watch mode passes a child-process worker). */
  worker?: SupervisorDependencies['worker'];
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
  const now = deps.now ?? (() => new Date());
  const worker =
    deps.worker ??
    inProcessWorker(config, {
      clients: deps.clients ?? createAgentClients(env),
      logger,
      now,
      examineFilesystem: deps.examineFilesystem,
    });
  return runAgent(config, { ...deps, worker, logger, now, stderr });
}

/** `node agent.mjs --material-worker …`: the child process of the resident agent in watch mode (worker-main.ts). */
export function runWorker(argv: readonly string[]): Promise<number> {
  return runMaterialWorker(argv, { clients: (env) => createAgentClients(env) });
}
