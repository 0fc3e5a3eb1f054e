import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { paginate, pageRequest, type PagingRules } from '../../core/paginate.ts';
import { sqsErrors } from '../errors.ts';
import { queueUrl } from '../queue-url.ts';
import type { SqsState } from '../state.ts';

/** Without MaxResults SQS returns up to 1,000 URLs and no token. */
export const MAX_LISTED_QUEUES = 1000;

/** Pages by name, so queues created or deleted between pages move no boundary. */
const PAGING: PagingRules<string> = {
  scope: 'ListQueues',
  defaultPageSize: MAX_LISTED_QUEUES,
  keyOf: (name) => name,
  tokenOnlyWhenSized: true,
  invalidToken: () => sqsErrors.invalidParameter('Invalid NextToken value.'),
};

/** Queue URLs in name order; the token carries the last name of the previous page. */
export const ListQueues = defineOperation<
  SqsState,
  { QueueNamePrefix?: string; MaxResults?: number; NextToken?: string }
>({
  input: t.structure({
    QueueNamePrefix: t.string(),
    MaxResults: t.integer({ min: 1, max: MAX_LISTED_QUEUES }),
    NextToken: t.string(),
  }),
  handle(input: { QueueNamePrefix?: string; MaxResults?: number; NextToken?: string }, ctx) {
    const names = Object.keys(ctx.state.queues)
      .filter((name) => name.startsWith(input.QueueNamePrefix ?? ''))
      .sort();
    const page = paginate(names, pageRequest(input), PAGING);
    return {
      QueueUrls: page.items.length > 0 ? page.items.map((name) => queueUrl(ctx, name)) : undefined,
      NextToken: page.nextToken,
    };
  },
});
