/**
 * NextToken paging for ListRules and ListTargetsByRule: the token carries the
 * position of the next item, opaque to callers as AWS's tokens are.
 */
import { AwsError } from '../core/aws-error.js';

/** EventBridge answers 100 items when Limit is omitted. */
export const DEFAULT_PAGE_SIZE = 100;

export function page<T>(items: readonly T[], nextToken: string | undefined, limit: number | undefined) {
  const start = nextToken === undefined ? 0 : decode(nextToken);
  const end = start + (limit ?? DEFAULT_PAGE_SIZE);
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? Buffer.from(JSON.stringify({ offset: end })).toString('base64') : undefined,
  };
}

function decode(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw new AwsError('ValidationException', 'The nextToken provided is invalid.');
}
