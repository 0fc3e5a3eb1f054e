/**
 * aws-local state a file's tests all start from (a CA, exported identities),
 * built once per test process through the real API, and one aws-local per
 * test on its own copy of it.
 *
 * Building such state costs tens to hundreds of milliseconds of CPU per test
 * (key generation and signing inside aws-local, a dozen API calls); copying a
 * stopped server's state directory costs a few. aws-local keeps its state
 * across restarts (services/aws-local/OPERATIONS.md), so a server started on
 * a copy sees what the build made, and nothing another test changed: each
 * test still has its own server and its own state.
 */
import { rmSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsLocalOptions } from '../../services/aws-local/app.ts';
import { startTestAwsLocal, type Teardown, type TestAwsLocal } from './aws-local.ts';

interface SavedState<T> {
  /** The state directory of the stopped build server: copied, never opened again. */
  stateDir: string;
  value: T;
}

/** Runs `build` on a server started with `options`, then stops it so its state is complete on disk. */
async function buildState<T>(options: AwsLocalOptions, build: (local: TestAwsLocal) => Promise<T>) {
  const stateDir = await mkdtemp(join(tmpdir(), 'aws-local-saved-'));
  process.once('exit', () => rmSync(stateDir, { recursive: true, force: true }));
  const stops: (() => unknown)[] = [];
  try {
    const local = await startTestAwsLocal({ teardown: (fn) => stops.push(fn) }, { ...options, stateDir });
    return { stateDir, value: await build(local) };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/**
 * A starter: the first call runs `build` (once per process); every call
 * starts a new aws-local with `options` (and the call's `overrides`, which
 * must not be state: timings, quotas, delivery) on a fresh copy of the built
 * state, stopped and removed when its test ends. `value` is what `build`
 * returned: the same for every call.
 */
export function savedAwsLocal<T>(options: AwsLocalOptions, build: (local: TestAwsLocal) => Promise<T>) {
  let saved: Promise<SavedState<T>> | undefined;
  return async (t: Teardown, overrides: AwsLocalOptions = {}): Promise<{ local: TestAwsLocal; value: T }> => {
    const { stateDir: source, value } = await (saved ??= buildState(options, build));
    const stateDir = await mkdtemp(join(tmpdir(), 'aws-local-test-'));
    // Registered first, so it runs after the server's own teardown stopped it (tap runs them last-in first).
    t.teardown(() => rm(stateDir, { recursive: true, force: true }));
    await cp(source, stateDir, { recursive: true });
    const local = await startTestAwsLocal(t, { ...options, ...overrides, stateDir });
    return { local, value };
  };
}
