import { spawn } from 'node:child_process';
import type { MaterialInPlace } from './agent-status.ts';
import type { BootstrapResult } from './bootstrap.ts';
import { describeAgentError, type AgentErrorCode } from './errors.ts';
import type { CheckReport, MaterialWorker } from './material-worker.ts';
import { reviveCheck, reviveStart, WORKER_FAILED, WorkerFailedError } from './worker-report.ts';

/**
 * A worker process gets this long (ms) before it is killed and its run counts
 * as failed: room for the AWS calls' own bounds (5 s timeouts, a few jittered
 * retries of each call, two secrets) and a key derivation, never unbounded.
 */
export const WORKER_TIMEOUT_MS = 120_000;
/** Its report is one short JSON line; more than this (bytes) is not a report: killed, failed. */
export const WORKER_REPORT_MAX_BYTES = 64 * 1024;
export const WORKER_TIMEOUT: AgentErrorCode = 'AGENT_WORKER_TIMEOUT';

export interface ChildWorkerOptions {
  /** How to start a worker: `node <agent.mjs> --material-worker`; the operation and the agent's flags follow. */
  command: readonly string[];
  /** The agent's own flags (not the supervised command): the worker reads the same settings, plus the same env. */
  agentFlags: readonly string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * Runs the SDK, verification and rendering in a short-lived child process per
 * start and per check, so the resident agent holds none of them. The child
 * inherits stderr (its logs join the agent's) and prints one report line on
 * stdout. A child that crashes, times out (killed), prints too much or a
 * malformed report is a failed run (AGENT_WORKER_FAILED / AGENT_WORKER_TIMEOUT):
 * the agent refuses to start or keeps the old files, as for any other failure.
 */
export function childProcessWorker(options: ChildWorkerOptions): MaterialWorker {
  return {
    async start(signal?: AbortSignal): Promise<BootstrapResult> {
      return reviveStart(await runWorker(options, ['start', '-'], signal));
    },
    async check(inPlace: MaterialInPlace | undefined): Promise<CheckReport> {
      const versions = inPlace ? JSON.stringify([inPlace.identityVersionId, inPlace.trustVersionId]) : '-';
      try {
        return reviveCheck(await runWorker(options, ['check', versions]));
      } catch (err) {
        return { outcome: 'failed', ...describeAgentError(err) };
      }
    },
  };
}

/** One worker process: resolves with its parsed report line; rejects with a WorkerFailedError. */
function runWorker(options: ChildWorkerOptions, op: readonly string[], signal?: AbortSignal): Promise<unknown> {
  const [file, ...prefix] = options.command;
  if (file === undefined) throw new Error('childProcessWorker: empty command');
  const timeoutMs = options.timeoutMs ?? WORKER_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...prefix, ...op, ...options.agentFlags], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: options.env ?? process.env,
    });
    let failure: WorkerFailedError | undefined;
    const kill = (why: WorkerFailedError) => {
      failure ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () =>
        kill(
          new WorkerFailedError(WORKER_TIMEOUT, `the material worker did not finish within ${timeoutMs} ms; killed`),
        ),
      timeoutMs,
    );
    const onAbort = () => kill(failed('the material worker was stopped: the agent is stopping'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const output = collectBounded(child.stdout, WORKER_REPORT_MAX_BYTES, () =>
      kill(failed(`the material worker printed over ${WORKER_REPORT_MAX_BYTES} bytes; killed`)),
    );
    child.once('error', (err) =>
      kill(
        failed(`the material worker could not start (${(err as NodeJS.ErrnoException).code ?? err.name})`, {
          cause: err,
        }),
      ),
    );
    child.once('close', (code, signalName) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (failure) return reject(failure);
      const report = reportOf(output(), signalName ?? `exit ${code}`);
      if (report instanceof WorkerFailedError) reject(report);
      else resolve(report);
    });
  });
}

const failed = (message: string, options?: ErrorOptions) => new WorkerFailedError(WORKER_FAILED, message, options);

/** Keeps what `stream` yields up to `maxBytes`; past that it stops keeping and calls `onOverflow`. */
function collectBounded(stream: NodeJS.ReadableStream, maxBytes: number, onOverflow: () => void): () => Buffer {
  const chunks: Buffer[] = [];
  let bytes = 0;
  stream.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes) onOverflow();
    else chunks.push(chunk);
  });
  return () => Buffer.concat(chunks);
}

/** The report is the worker's last stdout line, JSON; anything else is a failed run (returned, not thrown). */
function reportOf(output: Buffer, ended: string): unknown {
  const line = output.toString('utf8').trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return failed(`the material worker ended (${ended}) without a report; see its log lines above`);
  }
}
