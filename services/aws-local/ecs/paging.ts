/**
 * How ECS list operations page (core/paginate.ts does the paging): `maxResults`
 * from 1 to 100, checked by the operation rather than the input shape, and a
 * token ECS did not issue for the list are both InvalidParameterException.
 */
import type { PagingRules } from '../core/paginate.ts';
import { ecsErrors } from './errors.ts';

const MAX_RESULTS = { min: 1, max: 100 } as const;

export function ecsPaging<T>(operation: string, defaultPageSize: number): PagingRules<T> {
  return {
    scope: operation,
    defaultPageSize,
    sizeBounds: {
      ...MAX_RESULTS,
      invalid: () =>
        ecsErrors.invalidParameter(`maxResults must be between ${MAX_RESULTS.min} and ${MAX_RESULTS.max}.`),
    },
    invalidToken: () => ecsErrors.invalidParameter('Invalid nextToken.'),
  };
}
