import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { paginate } from '../../core/paginate.js';
import { ecsPaging } from '../paging.js';
import type { EcsState } from '../state.js';

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
