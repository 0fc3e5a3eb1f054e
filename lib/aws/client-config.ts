/** Every AWS call gives up after this long; a hung endpoint must not hang a Lambda or the agent. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
/** Attempts per call, first one included; the SDK's standard mode backs off exponentially with full jitter. */
export const DEFAULT_MAX_ATTEMPTS = 4;

export interface AwsClientOptions {
  region?: string;
  /** Explicit endpoint; otherwise the SDK reads `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL`. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  maxAttempts?: number;
  /** `adaptive` adds client-side rate limiting on throttling (for bulk work such as renewals). */
  retryMode?: 'standard' | 'adaptive';
}

/**
 * The configuration every pca-mtls AWS client is built with: a bounded
 * request and connect timeout that throws, bounded jittered retries, and the
 * endpoint from options or the standard environment variables.
 */
export function awsClientConfig(options: AwsClientOptions = {}) {
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: options.retryMode ?? 'standard',
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  };
}
