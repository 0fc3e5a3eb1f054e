import { StateCorruptError } from '../services/aws-local/core/state-store.ts';

/**
 * One line a person can act on. AWS SDK errors are named by their AWS error
 * name; stacks are never printed (they may quote inputs). Messages of our own
 * errors are written to carry no secret material.
 */
export function describeError(err: unknown): string {
  if (err instanceof StateCorruptError) return err.message;
  const e = err as NodeJS.ErrnoException & { $metadata?: { httpStatusCode?: number } };
  if (e?.code === 'EADDRINUSE')
    return `address in use (${(e as { address?: string }).address ?? ''}:${(e as { port?: number }).port ?? ''}); pick another --port or stop the other process`;
  if (e?.$metadata) return `AWS error ${e.name} (HTTP ${e.$metadata.httpStatusCode ?? '?'}): ${e.message}`;
  if (e instanceof Error) return e.message;
  return String(err);
}
