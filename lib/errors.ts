/**
 * The base of every error pca-mtls raises on purpose: a stable `code` scripts
 * can match, a message a person can act on, and the underlying `cause`.
 * Messages never carry secret material (keys, passphrases, secret JSON).
 */
export class PcaMtlsError extends Error {
  override name = 'PcaMtlsError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Something we waited for (a certificate, a CA) did not happen in time. */
export class WaitTimeoutError extends PcaMtlsError {
  override name = 'WaitTimeoutError';
  constructor(what: string, waitedMs: number, options?: { cause?: unknown }) {
    super('WAIT_TIMEOUT', `timed out after ${Math.round(waitedMs / 1000)}s waiting for ${what}`, options);
  }
}
