/** A state file that exists but cannot be used: a startup error, never a silent reset. */
export class StateCorruptError extends Error {
  override readonly name = 'StateCorruptError';
  readonly code = 'STATE_CORRUPT';
  readonly path: string;

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(`aws-local state file ${path} is unusable (${reason}); move it away or pass a fresh --state-dir`, options);
    this.path = path;
  }
}
