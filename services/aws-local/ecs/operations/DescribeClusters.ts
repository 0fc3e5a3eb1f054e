import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { clusterArn, clusterNameOf, DEFAULT_CLUSTER } from '../arns.ts';
import { clusterView } from '../clusters.ts';
import type { EcsState } from '../state.ts';

/**
 * Describes up to 100 clusters (the `default` one when none is named); each
 * one that does not exist is a failure with reason MISSING, not an error.
 */
export default defineOperation<EcsState>({
  input: t.structure({
    clusters: t.list(t.string()),
    include: t.list(t.string({ enum: ['ATTACHMENTS', 'CONFIGURATIONS', 'SETTINGS', 'STATISTICS', 'TAGS'] })),
  }),
  handle(input: { clusters?: string[]; include?: string[] }, ctx) {
    const references = input.clusters?.length ? input.clusters : [DEFAULT_CLUSTER];
    const clusters = [];
    const failures = [];
    for (const reference of references) {
      const name = clusterNameOf(reference);
      const cluster = ctx.state.clusters[name];
      if (cluster) clusters.push(clusterView(ctx, cluster, input.include ?? []));
      else failures.push({ arn: reference.startsWith('arn:') ? reference : clusterArn(ctx, name), reason: 'MISSING' });
    }
    return { clusters, failures };
  },
});
