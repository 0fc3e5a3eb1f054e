/** Stable codes for a configuration aws-local refuses to start with. */
export type IamConfigErrorCode =
  'IAM_INVALID_PRINCIPAL' | 'IAM_INVALID_POLICY' | 'IAM_POLICY_FILE' | 'IAM_INVALID_FLAG';

/** `--iam` / `iam:` options that cannot be enforced: says which principal or file, and what to fix. */
export class IamConfigError extends Error {
  override readonly name = 'IamConfigError';
  readonly code: IamConfigErrorCode;

  constructor(code: IamConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
