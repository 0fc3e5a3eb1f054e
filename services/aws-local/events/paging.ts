/**
 * How ListRules and ListTargetsByRule page (core/paginate.ts does the paging):
 * 100 items unless `Limit` says otherwise, a foreign token is a ValidationException.
 */
import { AwsError } from '../core/aws-error.ts';
import type { PagingRules } from '../core/paginate.ts';

/** EventBridge answers 100 items when Limit is omitted. */
export const DEFAULT_PAGE_SIZE = 100;

export function eventsPaging<T>(operation: string): PagingRules<T> {
  return {
    scope: operation,
    defaultPageSize: DEFAULT_PAGE_SIZE,
    invalidToken: () => new AwsError('ValidationException', 'The nextToken provided is invalid.'),
  };
}
