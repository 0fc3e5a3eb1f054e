/** Runs /usr/bin/openssl in a directory; secrets go through 0600 files, never the command line. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENSSL = '/usr/bin/openssl';

export interface OpensslResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function openssl(args: readonly string[], cwd: string): Promise<OpensslResult> {
  return new Promise((resolve) => {
    execFile(OPENSSL, args, { cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A private scratch directory removed when the test ends. */
export async function scratchDir(t: { teardown(fn: () => unknown): void }): Promise<{ dir: string; write(name: string, text: string | Buffer): Promise<string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'aws-local-pki-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return {
    dir,
    async write(name, text) {
      const path = join(dir, name);
      await writeFile(path, text, { mode: 0o600 });
      return path;
    },
  };
}
