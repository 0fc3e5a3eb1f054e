/**
 * NextToken for list operations: an opaque, tamper-evident-enough position.
 * It names the operation it came from so a token is not reused elsewhere.
 */
import { secretErrors } from './errors.js';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export function paginate<T>(
  all: readonly T[],
  scope: string,
  maxResults: number,
  nextToken: string | undefined,
): Page<T> {
  const start = nextToken === undefined ? 0 : decode(nextToken, scope);
  if (start > all.length) throw secretErrors.invalidNextToken();
  const end = start + maxResults;
  return {
    items: all.slice(start, end),
    nextToken: end < all.length ? Buffer.from(JSON.stringify({ s: scope, o: end })).toString('base64') : undefined,
  };
}

function decode(token: string, scope: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { s?: unknown; o?: unknown };
    if (parsed.s === scope && typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0)
      return parsed.o;
  } catch {
    // falls through to the AWS error
  }
  throw secretErrors.invalidNextToken();
}
