import type { MaterialInPlace } from './agent-status.ts';
import type { BootstrapResult } from './bootstrap.ts';

/**
 * One watch check, as plain data (it crosses a process boundary): the secrets'
 * AWSCURRENT versions were unchanged, or new material was verified and swapped
 * in, or the check failed (the old files stay) with the code and message the
 * agent logs. `checkedAt` is set once Secrets Manager answered.
 */
export type CheckReport =
  | { outcome: 'unchanged'; checkedAt: Date }
  | { outcome: 'rotated'; checkedAt: Date; material: MaterialInPlace }
  | { outcome: 'failed'; checkedAt?: Date; code: string; message: string };

/**
 * The work that needs the AWS SDK, X.509 verification and YAML rendering:
 * steps 1–4 at start, and each watch check. In watch mode the bundle runs it
 * in a short-lived child process so the resident agent never loads them
 * (child-process-worker.ts); tests and `--once` run it in process
 * (in-process-worker.ts). Neither returns or logs secret material.
 */
export interface MaterialWorker {
  /** Steps 1–4; rejects with an error carrying the failure's `code` (nothing written). */
  start(signal?: AbortSignal): Promise<BootstrapResult>;
  /** Step 6 once: compares AWSCURRENT with `inPlace`, rotates when either secret moved. Never rejects. */
  check(inPlace: MaterialInPlace | undefined): Promise<CheckReport>;
}
