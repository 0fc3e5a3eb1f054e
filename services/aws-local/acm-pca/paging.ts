/**
 * How Private CA's list operations page (core/paginate.ts does the paging):
 * everything that is left unless `MaxResults` says otherwise; a token Private
 * CA did not issue for the list is an InvalidNextTokenException.
 */
import { AwsError } from '../core/aws-error.ts';
import type { PagingRules } from '../core/paginate.ts';

export function pcaPaging<T>(operation: string): PagingRules<T> {
  return {
    scope: operation,
    invalidToken: () =>
      new AwsError('InvalidNextTokenException', 'The token specified in the NextToken argument is not valid.'),
  };
}
