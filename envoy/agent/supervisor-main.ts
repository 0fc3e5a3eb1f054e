// The resident agent of the bundle (dist/agent-supervisor.cjs): watch mode with
// the AWS SDK, X.509 verification and YAML rendering kept out of this process.
// Everything else (--once, --print-config, --help, bad settings) is the core's
// job, in process as before: those runs end soon, so their memory does not stay.
import { createLogger } from '../../lib/logger.ts';
import { runAgent } from './agent-supervisor.ts';
import { childProcessWorker } from './child-process-worker.ts';
import { parseAgentConfig, type AgentConfig } from './config.ts';
import { MATERIAL_WORKER_FLAG } from './worker-flag.ts';

export interface SupervisorEntryOptions {
  /** The full agent (dist/agent-core.cjs), loaded only when this run is not the resident watch. */
  runCore: (argv: readonly string[]) => Promise<number>;
  /** How to start this bundle again as a worker: `[process.execPath, <agent.mjs>]`. */
  selfCommand: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export { MATERIAL_WORKER_FLAG };

export async function runSupervisor(argv: readonly string[], options: SupervisorEntryOptions): Promise<number> {
  const env = options.env ?? process.env;
  const flags = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  let config: AgentConfig;
  try {
    if (flags.includes('--help') || flags.includes('-h')) return await options.runCore(argv);
    config = parseAgentConfig(argv, env);
  } catch {
    // The core parses again and reports the problems exactly as it always has.
    return options.runCore(argv);
  }
  if (config.once || config.printConfig) return options.runCore(argv);
  return runAgent(config, {
    worker: childProcessWorker({ command: [...options.selfCommand, MATERIAL_WORKER_FLAG], agentFlags: flags, env }),
    logger: createLogger({ name: 'pca-mtls-agent', level: env.LOG_LEVEL }),
    stderr: (text) => process.stderr.write(text),
    now: () => new Date(),
  });
}
