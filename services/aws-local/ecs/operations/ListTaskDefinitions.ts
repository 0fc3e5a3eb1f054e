import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { paginate } from '../../core/paginate.ts';
import { ecsPaging } from '../paging.ts';
import type { EcsState } from '../state.ts';
import { allTaskDefinitions } from '../task-definitions.ts';

/**
 * Lists task definition ARNs by status (ACTIVE by default). `familyPrefix`,
 * despite its name, matches the whole family, as ECS documents.
 */
export default defineOperation<EcsState>({
  input: t.structure({
    familyPrefix: t.string(),
    status: t.string({ enum: ['ACTIVE', 'INACTIVE'] }),
    sort: t.string({ enum: ['ASC', 'DESC'] }),
    nextToken: t.string(),
    maxResults: t.integer(),
  }),
  handle(
    input: { familyPrefix?: string; status?: string; sort?: string; nextToken?: string; maxResults?: number },
    ctx,
  ) {
    const status = input.status ?? 'ACTIVE';
    const arns = allTaskDefinitions(ctx.state)
      .filter((record) => record.status === status)
      .filter((record) => input.familyPrefix === undefined || record.family === input.familyPrefix)
      .map((record) => record.taskDefinitionArn);
    if (input.sort === 'DESC') arns.reverse();
    const page = paginate(arns, input, ecsPaging('ListTaskDefinitions', 100));
    return { taskDefinitionArns: page.items, nextToken: page.nextToken };
  },
});
