import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { paginate } from '../paging.js';
import type { EcsState } from '../state.js';

/** Lists cluster ARNs (by name), up to 100 a page. */
export default defineOperation<EcsState>({
  input: t.structure({ nextToken: t.string(), maxResults: t.integer() }),
  handle(input: { nextToken?: string; maxResults?: number }, ctx) {
    const arns = Object.keys(ctx.state.clusters)
      .sort()
      .map((name) => ctx.state.clusters[name].clusterArn);
    const page = paginate(arns, { ...input, defaultMaxResults: 100 });
    return { clusterArns: page.items, nextToken: page.nextToken };
  },
});
