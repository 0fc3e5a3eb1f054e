/**
 * Runs a service entry point (`services/<name>/main.ts`) as its own Node
 * process, as a container would (its dist/ bundle, the file the image runs),
 * and reads its JSON log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Teardown } from './aws-local.ts';
import { NODE_COMPILE_CACHE_DIR, nodeArgsFor } from './cli-process.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServiceProcess {
  child: ChildProcess;
  /** Everything the process wrote, stdout and stderr. */
  output(): string;
  /** The parsed JSON log lines so far. */
  logs(): Array<Record<string, any>>;
  /** Resolves with the first log line (from `fromIndex` on) whose `msg` matches; rejects if the process exits first. */
  waitForLog(msg: RegExp, fromIndex?: number, timeoutMs?: number): Promise<Record<string, any>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnService(t: Teardown, entry: string, env: NodeJS.ProcessEnv): ServiceProcess {
  const child = spawn(process.execPath, nodeArgsFor(fileURLToPath(new URL(`../../${entry}`, import.meta.url))), {
    cwd: REPO_ROOT,
    env: { NODE_COMPILE_CACHE: NODE_COMPILE_CACHE_DIR, ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    text += d.toString();
    listeners.forEach((l) => l());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      listeners.forEach((l) => l());
    }),
  );
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const logs = () =>
    text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line)];
        } catch {
          return [];
        }
      });
  return {
    child,
    output: () => text,
    logs,
    exited,
    waitForLog(msg, fromIndex = 0, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = logs()
            .slice(fromIndex)
            .find((l) => typeof l.msg === 'string' && msg.test(l.msg));
          if (found) return done(() => resolve(found));
          if (child.exitCode !== null || child.signalCode !== null) {
            done(() =>
              reject(
                new Error(
                  `${entry} exited (${child.exitCode ?? child.signalCode}) before logging ${msg}: ${text.slice(-2000)}`,
                ),
              ),
            );
          }
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`${entry} logged no ${msg} within ${timeoutMs} ms: ${text.slice(-2000)}`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
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
