/** Where a command writes: stdout for results, stderr for progress and errors. Tests capture both. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Exit codes every command uses. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

/** A usage problem (bad flag value): exit 2 with the message, no stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}
