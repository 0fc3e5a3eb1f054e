import { PcaMtlsError } from '../../lib/errors.ts';

/**
 * Why the agent stopped or refused to write. Every code is stable (scripts
 * and alarms match on it) and every message names the setting or secret to
 * fix; none carries key material, a passphrase or secret JSON.
 */
export const AGENT_ERROR_CODES = [
  /** A flag or PCA_MTLS_* variable is missing, malformed or out of range. */
  'AGENT_CONFIG',
  /** The output directory is on a disk filesystem and --allow-disk was not given. */
  'OUT_DIR_NOT_MEMORY',
  /** The output directory cannot be created, written or chowned. */
  'OUT_DIR_UNWRITABLE',
  /** The output directory (or its symlink, or an entry in it) is owned by another user, or is open to others and the agent cannot narrow it. */
  'OUT_DIR_UNSAFE',
  /** The output directory's filesystem is full (ENOSPC/EDQUOT): nothing new was published, the previous files stay. */
  'OUT_DIR_FULL',
  /** A secret (identity or trust bundle) does not exist or has no AWSCURRENT version. */
  'SECRET_NOT_FOUND',
  /** The secret holds no SecretString (binary secrets are not a pca-mtls format). */
  'SECRET_EMPTY',
  /** The secret's AWSCURRENT version changed between the DescribeSecret and the read. */
  'SECRET_VERSION_RACE',
  /** The identity secret's own fields disagree with its certificate (e.g. `serial`). */
  'SECRET_INCONSISTENT',
  /** The supervised command could not be started. */
  'COMMAND_FAILED_TO_START',
  /** The worker process (watch mode of the bundle) could not start, crashed, or printed no, a malformed or an oversized report. */
  'AGENT_WORKER_FAILED',
  /** The worker process ran past its bound and was killed. */
  'AGENT_WORKER_TIMEOUT',
] as const;
export type AgentErrorCode = (typeof AGENT_ERROR_CODES)[number];

export class AgentError extends PcaMtlsError {
  override name = 'AgentError';
  declare readonly code: AgentErrorCode;
  constructor(code: AgentErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** One or more settings are invalid; `problems` lists each, naming the flag, its variable and the valid range. */
export class AgentConfigError extends AgentError {
  override name = 'AgentConfigError';
  constructor(readonly problems: readonly string[]) {
    const [only] = problems;
    super(
      'AGENT_CONFIG',
      problems.length === 1 && only !== undefined ? only : `invalid settings:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

/**
 * Material that failed verification (schema, key, chain, validity, EKU, SAN):
 * `code` is the check's own code (`SECRET_SCHEMA`, `KEY_DECRYPT_FAILED`,
 * `EXPIRED`, …) and the message says which secret, what failed and what to do.
 */
export class MaterialRejectedError extends PcaMtlsError {
  override name = 'MaterialRejectedError';
  constructor(
    code: string,
    readonly secretId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/**
 * The code and one-line message the agent logs and prints for a failure.
 * Our errors' messages are written to hold no secret; for anything else
 * only the error's name and errno code are shown, since a foreign message
 * could quote its input.
 */
export function describeAgentError(err: unknown): { code: string; message: string } {
  if (err instanceof PcaMtlsError) return { code: err.code, message: err.message };
  const e = err as NodeJS.ErrnoException | undefined;
  const code = typeof e?.code === 'string' ? e.code : 'UNEXPECTED';
  return {
    code,
    message: `unexpected ${e?.name ?? typeof err}${typeof e?.code === 'string' ? ` (${e.code})` : ''}; rerun with LOG_LEVEL=debug and report it`,
  };
}
