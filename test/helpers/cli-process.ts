import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Teardown } from './aws-local.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI_ENTRY = fileURLToPath(new URL('../../cli/bin.ts', import.meta.url));

export interface ProcessRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout/stderr match of `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Settles once the process ended and its output was read to the end. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a Node script (TypeScript through tsx) as a separate process, killed at teardown. */
export function spawnNode(
  t: Teardown,
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): ProcessRun {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (d) => {
    out += d;
    listeners.forEach((l) => l());
  });
  child.stderr.on('data', (d) => {
    err += d;
    listeners.forEach((l) => l());
  });
  // 'close', not 'exit': the output is complete only when the pipes have closed.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      resolve({ code, signal });
      listeners.forEach((l) => l());
    }),
  );
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        let settled = false;
        const check = () => {
          if (settled) return;
          const match = pattern.exec(out) ?? pattern.exec(err);
          if (match) return done(() => resolve(match));
          if (child.exitCode !== null || child.signalCode !== null) {
            done(() =>
              reject(
                new Error(
                  `process exited (${child.exitCode ?? child.signalCode}) before ${pattern}: ${err.slice(-2000)}`,
                ),
              ),
            );
          }
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms: ${err.slice(-2000)}`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          settled = true;
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs the CLI as a user would (a separate Node process, through tsx), killed at teardown. */
export function spawnCli(t: Teardown, args: readonly string[], env: NodeJS.ProcessEnv = {}): ProcessRun {
  return spawnNode(t, CLI_ENTRY, args, env);
}

/** Runs the CLI to completion and returns its exit code and output. */
export async function runCli(t: Teardown, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const cli = spawnCli(t, args, env);
  const { code } = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}
