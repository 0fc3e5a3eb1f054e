/** A CloudFormation custom resource request, as Lambda receives it. */
export interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  ResourceType?: string;
  PhysicalResourceId?: string;
  ResourceProperties: Record<string, unknown>;
  OldResourceProperties?: Record<string, unknown>;
}

export interface CustomResourceOutcome {
  status: 'SUCCESS' | 'FAILED';
  physicalResourceId: string;
  /** Shown in the stack events; must carry no secret material. */
  reason?: string;
  data?: Record<string, string>;
}

export function isCustomResourceEvent(event: unknown): event is CustomResourceEvent {
  const e = event as Partial<CustomResourceEvent> | null;
  return Boolean(e && typeof e === 'object' && typeof e.RequestType === 'string' && typeof e.ResponseURL === 'string');
}

/** CloudFormation shows at most ~4 KB of the response; keep the reason well inside it. */
const MAX_REASON_LENGTH = 1_000;
const RESPONSE_TIMEOUT_MS = 10_000;
const RESPONSE_ATTEMPTS = 4;

/**
 * PUTs the outcome to the pre-signed `ResponseURL` (an S3 URL: no content
 * type, or the signature breaks), with a timeout and jittered retries. If this
 * fails the stack hangs for an hour, so it tries hard and then throws.
 */
export async function sendCustomResourceResponse(
  event: CustomResourceEvent,
  outcome: CustomResourceOutcome,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const body = JSON.stringify({
    Status: outcome.status,
    Reason: (outcome.reason ?? outcome.status).slice(0, MAX_REASON_LENGTH),
    PhysicalResourceId: outcome.physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: outcome.data ?? {},
  });
  let lastError: unknown;
  for (let attempt = 1; attempt <= RESPONSE_ATTEMPTS; attempt++) {
    try {
      const response = await fetchImpl(event.ResponseURL, {
        method: 'PUT',
        headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
        body,
        signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS),
      });
      if (response.ok) return;
      lastError = new Error(`CloudFormation response URL answered HTTP ${response.status}`);
    } catch (err) {
      lastError = err;
    }
    const backoff = 2 ** attempt * 100;
    await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * (backoff / 2)));
  }
  throw new Error(`could not deliver the CloudFormation response after ${RESPONSE_ATTEMPTS} attempts`, {
    cause: lastError,
  });
}
