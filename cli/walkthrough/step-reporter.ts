import type { CliIo } from '../io.ts';

/** A walkthrough step failed: the message names the step, the exit code is 1. */
export class StepFailedError extends Error {
  override name = 'StepFailedError';
  readonly exitCode = 1;
  constructor(
    readonly step: string,
    cause: unknown,
    describe: (err: unknown) => string,
  ) {
    super(`step "${step}" failed: ${describe(cause)}`, { cause });
  }
}

/**
 * Prints readable progress, one line when a step starts and one when it ends
 * with its duration, and turns a failure into `StepFailedError`.
 */
export class StepReporter {
  private index = 0;

  constructor(
    private readonly io: CliIo,
    private readonly total: number,
    private readonly describe: (err: unknown) => string,
  ) {}

  async run<T>(title: string, work: () => Promise<T>, summarize?: (result: T) => string): Promise<T> {
    this.index++;
    const label = `[${this.index}/${this.total}] ${title}`;
    this.io.err(`${label} …`);
    const started = performance.now();
    try {
      const result = await work();
      const ms = Math.round(performance.now() - started);
      this.io.err(`${label}: done in ${ms} ms${summarize ? ` — ${summarize(result)}` : ''}`);
      return result;
    } catch (err) {
      this.io.err(`${label}: FAILED`);
      throw new StepFailedError(title, err, this.describe);
    }
  }
}
