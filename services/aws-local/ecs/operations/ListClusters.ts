import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { paginate } from '../../core/paginate.ts';
import { ecsPaging } from '../paging.ts';
import type { EcsState } from '../state.ts';

/** Lists cluster ARNs (by name), up to 100 a page. */
export default defineOperation<EcsState>({
  input: t.structure({ nextToken: t.string(), maxResults: t.integer() }),
  handle(input: { nextToken?: string; maxResults?: number }, ctx) {
    const arns = Object.entries(ctx.state.clusters)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, cluster]) => cluster.clusterArn);
    const page = paginate(arns, input, ecsPaging('ListClusters', 100));
    return { clusterArns: page.items, nextToken: page.nextToken };
  },
});
