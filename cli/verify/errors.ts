import { PcaMtlsError } from '../../lib/errors.ts';

/** An admin endpoint could not be read, or answered something that is not Envoy's admin output: exit 2. */
export class AdminUnreachableError extends PcaMtlsError {
  override name = 'AdminUnreachableError';
  readonly exitCode = 2;
  constructor(
    readonly url: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super('ADMIN_UNREACHABLE', `Envoy admin ${url}: ${problem}`, options);
  }
}

/** `--secret-id` could not be read, so staleness cannot be judged: exit 2. */
export class SecretUnreadableError extends PcaMtlsError {
  override name = 'SecretUnreadableError';
  readonly exitCode = 2;
  constructor(secretId: string, problem: string, options?: { cause?: unknown }) {
    super('SECRET_UNREADABLE', `cannot read --secret-id ${secretId}: ${problem}`, options);
  }
}

/** The verification ran and found something not mutual, stale or expired: exit 1 (the report says what). */
export class NotVerifiedError extends PcaMtlsError {
  override name = 'NotVerifiedError';
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2) {
    super(exitCode === 2 ? 'VERIFY_INCOMPLETE' : 'NOT_VERIFIED', message);
    this.exitCode = exitCode;
  }
}
