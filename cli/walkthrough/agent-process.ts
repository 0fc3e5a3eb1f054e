import { spawn, type ChildProcess } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pollUntil } from '../../lib/poll-until.ts';
import { currentMaterialPath, ENVOY_FILES } from '../../lib/out-dir-layout.ts';

export interface AgentProcessOptions {
  /** Flags for `pca-mtls agent`. */
  args: readonly string[];
  outDir: string;
  env: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}

export interface AgentProcess {
  readonly outDir: string;
  readonly pid: number | undefined;
  /** The agent's own log lines (JSON on stderr; they never carry key material). */
  log(): string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const LOG_TAIL_CHARS = 4_000;

/**
 * Starts `pca-mtls agent` as its own process, the way a task runs it: the same
 * entry point this CLI was started with (tsx in development, the bundle when
 * built). Resolves once the agent has written its files and rendered Envoy's
 * config; rejects with the agent's own words if it exits first.
 */
export async function startAgentProcess(options: AgentProcessOptions): Promise<AgentProcess> {
  // The agent runs from the same entry script as this command.
  const script = process.argv[1];
  if (script === undefined) throw new Error('cannot start the agent: process.argv[1] (the pca-mtls script) is unset');
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, script, 'agent', ...options.args], {
    env: options.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (chunk) => {
    log = (log + chunk).slice(-LOG_TAIL_CHARS * 4);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  const stop = async () => {
    if (exitCode === undefined && child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await pollUntil(
      async () => {
        if (exitCode !== undefined)
          throw new Error(
            `the agent exited (${exitCode}) before writing its files: ${log.slice(-LOG_TAIL_CHARS).trim()}`,
          );
        try {
          await access(currentMaterialPath(options.outDir, 'certChain'));
          await access(join(options.outDir, ENVOY_FILES.bootstrap));
          return true;
        } catch {
          return undefined;
        }
      },
      {
        what: `the agent to write ${options.outDir}`,
        timeoutMs: options.readyTimeoutMs ?? READY_TIMEOUT_MS,
        maxIntervalMs: 250,
      },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { outDir: options.outDir, pid: child.pid, log: () => log, stop };
}
