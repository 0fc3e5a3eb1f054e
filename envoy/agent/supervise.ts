import { spawn as spawnProcess, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { request } from 'node:http';
import { constants } from 'node:os';
import type { Logger } from '../../lib/logger.ts';
import { AgentError } from './errors.ts';

/** Signals passed straight to the child. SIGTERM is not among them: it drains first (see `superviseCommand`). */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = [
  'SIGINT',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
  'SIGWINCH',
  'SIGCONT',
];
/** The admin call that starts a graceful drain; bounded so a hung Envoy cannot hold up a stop. */
export const DRAIN_REQUEST_TIMEOUT_MS = 1_000;

/** How the child ended, and the status the agent exits with. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The child's exit code, or 128 + signal number when a signal ended it (the shell's convention; PID 1 cannot re-raise). */
  status: number;
}

/** Where signals come from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export type SpawnFunction = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface SuperviseOptions {
  /** `[file, ...args]`, normally `envoy -c <out-dir>/envoy.yaml`. */
  command: readonly string[];
  adminPort: number;
  drainTimeoutMs: number;
  stopTimeoutMs: number;
  logger: Logger;
  spawn?: SpawnFunction;
  signals?: SignalSource;
  /** Starts Envoy's graceful drain; default `POST http://127.0.0.1:<admin>/drain_listeners?graceful`. */
  drain?: (adminPort: number) => Promise<void>;
}

export interface Supervision {
  readonly pid: number | undefined;
  /** Resolves when the child has ended. */
  readonly exited: Promise<ChildExit>;
  /** Drain, SIGTERM, and SIGKILL after the stop timeout: what SIGTERM to the agent does. */
  stop(reason: string): Promise<ChildExit>;
}

/** Envoy stops accepting and lets in-flight requests finish: the step SIGTERM alone skips. */
export function drainListeners(adminPort: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: adminPort,
        method: 'POST',
        path: '/drain_listeners?graceful',
        timeout: DRAIN_REQUEST_TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`admin answered HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${DRAIN_REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function statusOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const number = signal ? constants.signals[signal] : undefined;
  return 128 + (number ?? 0);
}

/**
 * Step 5 of the agent: runs the command with inherited stdio and supervises
 * it as foreground-child does, fixing what the original bash PID 1 got wrong:
 *
 * - every signal the agent receives is forwarded to the child;
 * - SIGTERM drains first: `POST /drain_listeners?graceful` on Envoy's admin,
 *   a bounded wait (`drainTimeoutMs`, cut short if the child exits), then
 *   SIGTERM, then SIGKILL after `stopTimeoutMs`; a second SIGTERM skips the wait;
 * - the agent ends with the child's status (`exited`).
 *
 * @throws AgentError COMMAND_FAILED_TO_START when the command cannot be run
 */
export async function superviseCommand(options: SuperviseOptions): Promise<Supervision> {
  const signals = options.signals ?? process;
  const log = options.logger.child({ component: 'supervise' });

  const [program, ...args] = options.command;
  if (program === undefined) {
    throw new AgentError('COMMAND_FAILED_TO_START', 'no command to run; give the command to supervise after --');
  }
  const child = await startChild(options.spawn ?? spawnProcess, program, args);
  log.info({ pid: child.pid, command: program }, 'command started');

  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, status: statusOf(code, signal) }));
  });

  const forward = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'forwarding signal to the command');
    child.kill(signal);
  };
  const stop = gracefulStop(child, exited, options, log);
  const onTerm = () => void stop('SIGTERM');

  for (const signal of FORWARDED_SIGNALS) signals.on(signal, forward);
  signals.on('SIGTERM', onTerm);
  void exited.then((result) => {
    for (const signal of FORWARDED_SIGNALS) signals.off(signal, forward);
    signals.off('SIGTERM', onTerm);
    log.info({ code: result.code, signal: result.signal }, 'command exited');
  });

  return { pid: child.pid, exited, stop };
}

/** Spawns with inherited stdio; resolves once the child runs. */
async function startChild(spawn: SpawnFunction, program: string, args: readonly string[]): Promise<ChildProcess> {
  const child = spawn(program, args, { stdio: 'inherit' });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new AgentError(
          'COMMAND_FAILED_TO_START',
          `cannot start ${program} (${err.code ?? err.message}); check the command after -- and the PATH`,
          { cause: err },
        ),
      ),
    );
  });
  return child;
}

/**
 * Drain, bounded wait, SIGTERM, SIGKILL after the stop timeout. Called again
 * while stopping (a second SIGTERM), it skips the rest of the drain wait.
 */
function gracefulStop(
  child: ChildProcess,
  exited: Promise<ChildExit>,
  options: SuperviseOptions,
  log: Logger,
): (reason: string) => Promise<ChildExit> {
  const drain = options.drain ?? drainListeners;
  let stopping: Promise<ChildExit> | undefined;
  let hurry: (() => void) | undefined;
  return (reason) => {
    if (stopping) {
      hurry?.();
      return stopping;
    }
    stopping = (async () => {
      log.info({ reason, drainTimeoutMs: options.drainTimeoutMs }, 'draining listeners before stopping the command');
      try {
        await drain(options.adminPort);
      } catch (err) {
        log.warn({ err: { message: (err as Error).message } }, 'drain request failed; stopping without it');
      }
      await Promise.race([exited, sleep(options.drainTimeoutMs, (cancel) => (hurry = cancel))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      let killTimer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((resolve) => {
        killTimer = setTimeout(() => {
          log.warn({ stopTimeoutMs: options.stopTimeoutMs }, 'command ignored SIGTERM; sending SIGKILL');
          child.kill('SIGKILL');
          resolve();
        }, options.stopTimeoutMs);
      });
      const result = await Promise.race([exited, killed.then(() => exited)]);
      clearTimeout(killTimer);
      return result;
    })();
    return stopping;
  };
}

/** A timer that `cancel` ends early (a second SIGTERM skips the drain wait). */
function sleep(ms: number, expose: (cancel: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    expose(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
