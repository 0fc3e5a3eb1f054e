import { PcaMtlsError } from '../errors.ts';

/**
 * An AWS call failed after its retries. One mapping for every SDK error, so
 * callers match on `code` and users read what to do; the request (which may
 * carry a passphrase or secret value) is never part of the message.
 */
export class AwsCallError extends PcaMtlsError {
  override name = 'AwsCallError';
  constructor(
    code: string,
    readonly operation: string,
    readonly awsErrorName: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

const THROTTLING = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'Throttling',
  'LimitExceededException',
]);
const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidSignatureException',
]);
const TIMEOUT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT']);

/** Maps an SDK error from `operation` (e.g. `secretsmanager:GetSecretValue`) to an `AwsCallError`. */
export function toAwsCallError(operation: string, err: unknown): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { attempts?: number } };
  const name = e?.name;
  const attempts = e?.$metadata?.attempts;
  const after = attempts && attempts > 1 ? ` after ${attempts} attempts` : '';
  if (name && THROTTLING.has(name)) {
    return new AwsCallError(
      'AWS_THROTTLED',
      operation,
      name,
      `${operation} was throttled by AWS${after}; retry later or lower the request rate`,
      { cause: err },
    );
  }
  if (name && ACCESS_DENIED.has(name)) {
    return new AwsCallError(
      'AWS_ACCESS_DENIED',
      operation,
      name,
      `${operation} was denied (${name}); check the IAM permissions of this role`,
      { cause: err },
    );
  }
  if ((name && TIMEOUT.has(name)) || e?.code === 'ETIMEDOUT') {
    return new AwsCallError(
      'AWS_TIMEOUT',
      operation,
      name,
      `${operation} timed out${after}; is the endpoint reachable?`,
      { cause: err },
    );
  }
  if ((e?.code && NETWORK.has(e.code)) || (name && NETWORK.has(name))) {
    return new AwsCallError(
      'AWS_UNREACHABLE',
      operation,
      e.code ?? name,
      `${operation} could not reach AWS (${e.code ?? name})${after}; check AWS_ENDPOINT_URL and the network`,
      { cause: err },
    );
  }
  if (name === 'ResourceNotFoundException') {
    return new AwsCallError('AWS_NOT_FOUND', operation, name, `${operation}: ${e.message ?? 'resource not found'}`, {
      cause: err,
    });
  }
  return new AwsCallError(
    'AWS_ERROR',
    operation,
    name,
    `${operation} failed: ${name ?? 'error'}: ${e?.message ?? String(err)}`,
    { cause: err },
  );
}

/** Runs one AWS call and maps its failure; `operation` names it in errors. */
export async function awsCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toAwsCallError(operation, err);
  }
}
