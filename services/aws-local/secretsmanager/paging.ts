/**
 * How Secrets Manager's list operations page (core/paginate.ts does the
 * paging): a token from another list, or past the end of this one, is an
 * InvalidNextTokenException.
 */
import type { PagingRules } from '../core/paginate.ts';
import { secretErrors } from './errors.ts';

/** `scope` names the list: the operation, plus the secret for one secret's versions. */
export function secretsPaging<T>(scope: string, defaultPageSize: number): PagingRules<T> {
  return { scope, defaultPageSize, invalidToken: secretErrors.invalidNextToken, pastEndIsInvalid: true };
}
