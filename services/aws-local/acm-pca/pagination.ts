/** Opaque NextToken paging over an ordered list (the token encodes the next offset). */
import { AwsError } from '../core/aws-error.js';

export function page<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined) {
  let start = 0;
  if (nextToken !== undefined) {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(nextToken, 'base64').toString('utf8'));
    if (!decoded)
      throw new AwsError('InvalidNextTokenException', 'The token specified in the NextToken argument is not valid.');
    start = Number(decoded[1]);
  }
  const end = start + (maxResults ?? items.length);
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? Buffer.from(`o:${end}`).toString('base64') : undefined,
  };
}
