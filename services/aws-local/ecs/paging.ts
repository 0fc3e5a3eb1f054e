/**
 * Paging for ECS list operations: `maxResults` (1–100) and an opaque
 * `nextToken` that carries the position. A token that does not decode is an
 * InvalidParameterException, as ECS answers for a tampered token.
 */
import { ecsErrors } from './errors.js';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export function paginate<T>(
  all: readonly T[],
  options: { maxResults?: number; nextToken?: string; defaultMaxResults: number },
): Page<T> {
  const { maxResults, nextToken } = options;
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 100)) {
    throw ecsErrors.invalidParameter('maxResults must be between 1 and 100.');
  }
  const start = nextToken === undefined ? 0 : decodeToken(nextToken);
  const size = maxResults ?? options.defaultMaxResults;
  const items = all.slice(start, start + size);
  const end = start + items.length;
  return { items, nextToken: end < all.length ? encodeToken(end) : undefined };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
}

function decodeToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0)
      return parsed.offset;
  } catch {
    // fall through to the error below
  }
  throw ecsErrors.invalidParameter('Invalid nextToken.');
}
