import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { sqsErrors } from '../errors.js';
import { queueUrl } from '../queue-url.js';
import type { SqsState } from '../state.js';

/** Without MaxResults SQS returns up to 1,000 URLs and no token. */
export const MAX_LISTED_QUEUES = 1000;

/** Queue URLs in name order; the token is the last name of the previous page. */
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
    let after = '';
    if (input.NextToken !== undefined) {
      after = Buffer.from(input.NextToken, 'base64url').toString('utf8');
      if (!after) throw sqsErrors.invalidParameter('Invalid NextToken value.');
    }
    const names = Object.keys(ctx.state.queues)
      .filter((name) => name.startsWith(input.QueueNamePrefix ?? '') && name > after)
      .sort();
    const limit = input.MaxResults ?? MAX_LISTED_QUEUES;
    const page = names.slice(0, limit);
    const more = input.MaxResults !== undefined && names.length > limit;
    return {
      QueueUrls: page.length > 0 ? page.map((name) => queueUrl(ctx, name)) : undefined,
      NextToken: more ? Buffer.from(page.at(-1) ?? '').toString('base64url') : undefined,
    };
  },
});
