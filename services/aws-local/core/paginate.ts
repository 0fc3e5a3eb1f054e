/**
 * NextToken paging for every list operation of every emulated service. The
 * token is opaque to callers, as AWS's are (base64 of JSON), and names the list
 * it was issued for, so a token from another operation or another resource's
 * list is refused with the service's own error. It carries the position: an
 * offset, or, for a list ordered by a key (SQS's queue names), the key of the
 * last item returned, so that page boundaries hold while items come and go.
 */
import type { AwsError } from './aws-error.ts';

/** The caller's paging members, whatever the service spells them (`MaxResults`, `maxResults`, `Limit`, `MaxItems`). */
export interface PageRequest {
  maxResults?: number | undefined;
  nextToken?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Present when more items follow. */
  nextToken?: string;
}

/** How one operation pages: AWS's rules differ per service, the mechanics do not. */
export interface PagingRules<T> {
  /** The list a token belongs to: the operation, plus the resource when the list is one resource's. */
  scope: string;
  /** The service's answer to a token it did not issue for this list. */
  invalidToken: () => AwsError;
  /** Items in a page when the caller names no size; omitted: everything that is left. */
  defaultPageSize?: number;
  /** Page-size bounds checked here rather than by the input shape (ECS answers them with InvalidParameterException). */
  sizeBounds?: { min: number; max: number; invalid: () => AwsError };
  /** The position is the key of the last item returned (the list must be sorted by it), not an offset. */
  keyOf?: (item: T) => string;
  /** SQS: only a caller that named a page size is given a NextToken; the others get the first page only. */
  tokenOnlyWhenSized?: boolean;
  /** Secrets Manager refuses an offset past the end of the list; the other services answer an empty page. */
  pastEndIsInvalid?: boolean;
}

/** The request of services that spell the members `MaxResults` and `NextToken`. */
export function pageRequest(input: { MaxResults?: number | undefined; NextToken?: string | undefined }): PageRequest {
  return { maxResults: input.MaxResults, nextToken: input.NextToken };
}

type Position = { offset: number } | { after: string };

/** One page of `all` (already filtered and in the operation's order) for this request. */
export function paginate<T>(all: readonly T[], request: PageRequest, rules: PagingRules<T>): Page<T> {
  const { maxResults, nextToken } = request;
  const bounds = rules.sizeBounds;
  if (bounds && maxResults !== undefined && (maxResults < bounds.min || maxResults > bounds.max))
    throw bounds.invalid();
  const start = nextToken === undefined ? 0 : startOf(all, decodeToken(nextToken, rules), rules);
  const size = maxResults ?? rules.defaultPageSize ?? all.length;
  const end = start + size;
  const items = all.slice(start, end);
  const more = end < all.length && (maxResults !== undefined || !rules.tokenOnlyWhenSized);
  if (!more) return { items };
  const last = items.at(-1);
  const position: Position = rules.keyOf && last !== undefined ? { after: rules.keyOf(last) } : { offset: end };
  return { items, nextToken: encodeToken(rules.scope, position) };
}

function startOf<T>(all: readonly T[], position: Position, rules: PagingRules<T>): number {
  if ('after' in position) {
    const { keyOf } = rules;
    if (!keyOf) throw rules.invalidToken();
    const index = all.findIndex((item) => keyOf(item) > position.after);
    return index === -1 ? all.length : index;
  }
  if (position.offset > all.length && rules.pastEndIsInvalid) throw rules.invalidToken();
  return position.offset;
}

function encodeToken(scope: string, position: Position): string {
  const body = 'after' in position ? { s: scope, k: position.after } : { s: scope, o: position.offset };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64');
}

function decodeToken<T>(token: string, rules: PagingRules<T>): Position {
  let parsed: { s?: unknown; o?: unknown; k?: unknown } | undefined;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as typeof parsed;
  } catch {
    // not ours: answered below with the service's error
  }
  if (parsed && typeof parsed === 'object' && parsed.s === rules.scope) {
    if (typeof parsed.o === 'number' && Number.isSafeInteger(parsed.o) && parsed.o >= 0) return { offset: parsed.o };
    if (typeof parsed.k === 'string' && rules.keyOf) return { after: parsed.k };
  }
  throw rules.invalidToken();
}
