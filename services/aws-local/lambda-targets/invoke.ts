/**
 * One asynchronous invocation of a registered handler, as Lambda runs an
 * EventBridge target: the handler gets the payload and a context; a throw,
 * a rejection or running past the timeout is a failed invocation.
 */
import { randomUUID } from 'node:crypto';
import type { LambdaInvokeContext, RegisteredFunction } from './registry.ts';

export type InvocationOutcome =
  { ok: true; result: unknown; requestId: string } | { ok: false; error: string; requestId: string };

export async function invokeFunction(
  fn: RegisteredFunction,
  invokedFunctionArn: string,
  payload: unknown,
  defaultTimeoutMs: number,
): Promise<InvocationOutcome> {
  const requestId = randomUUID();
  const timeoutMs = fn.timeoutMs ?? defaultTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  const context: LambdaInvokeContext = {
    awsRequestId: requestId,
    functionName: fn.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn,
    memoryLimitInMB: '128',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<InvocationOutcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, requestId, error: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` }),
      timeoutMs,
    );
    timer.unref();
  });
  const run = (async (): Promise<InvocationOutcome> => {
    try {
      // A deep copy (JSON, as Lambda passes events; the recorded event may sit behind the state's
      // change-tracking proxies, which structuredClone cannot copy): a handler that mutates its
      // event must not change the recorded one.
      const event: unknown = payload === undefined ? undefined : JSON.parse(JSON.stringify(payload));
      return { ok: true, requestId, result: await fn.handler(event, context) };
    } catch (err) {
      const e = err as { name?: string; code?: string; message?: string };
      return { ok: false, requestId, error: `${e?.code ?? e?.name ?? 'Error'}: ${e?.message ?? String(err)}` };
    }
  })();
  try {
    return await Promise.race([run, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
