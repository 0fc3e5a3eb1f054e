import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Teardown } from './aws-local.ts';
import { builtBundle, bundleFor } from './bundles.ts';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * Node's on-disk compile cache for the spawned bundles (a 2 MB CLI is parsed
 * and compiled once, not once per spawn); outside the repository and
 * node_modules. Set NODE_COMPILE_CACHE to override it.
 */
export const NODE_COMPILE_CACHE_DIR = join(tmpdir(), 'pca-mtls-test-compile-cache');
/** The CLI as users run it (`bin/pca-mtls.mjs` imports this bundle). */
const CLI_BUNDLE = 'dist/cli.mjs';

export interface ProcessRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout/stderr match of `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Settles once the process ended and its output was read to the end. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The Node arguments that run `script`: a bundled entry point (cli/bin.ts,
 * envoy/agent/main.ts, the services' main.ts) runs as its dist/ bundle; other
 * TypeScript through tsx; JavaScript as it is.
 */
export function nodeArgsFor(script: string): string[] {
  const bundle = bundleFor(script);
  if (bundle !== undefined) return [bundle];
  return /\.[cm]?ts$/.test(script) ? ['--import', 'tsx', script] : [script];
}

/** Runs a Node script as a separate process (see nodeArgsFor), killed at teardown. */
export function spawnNode(
  t: Teardown,
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): ProcessRun {
  const child = spawn(process.execPath, [...nodeArgsFor(script), ...args], {
    cwd: REPO_ROOT,
    env: { NODE_COMPILE_CACHE: NODE_COMPILE_CACHE_DIR, ...process.env, ...env },
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

/** Runs the CLI as a user would (a separate Node process running dist/cli.mjs), killed at teardown. */
export function spawnCli(t: Teardown, args: readonly string[], env: NodeJS.ProcessEnv = {}): ProcessRun {
  return spawnNode(t, builtBundle(CLI_BUNDLE), args, env);
}

/** Runs the CLI to completion and returns its exit code and output. */
export async function runCli(t: Teardown, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const cli = spawnCli(t, args, env);
  const { code } = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}
