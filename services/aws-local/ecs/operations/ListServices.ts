import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireCluster } from '../clusters.ts';
import { paginate } from '../../core/paginate.ts';
import { ecsPaging } from '../paging.ts';
import { serviceStatus } from '../services.ts';
import { launchTypeShape } from '../shapes.ts';
import type { EcsState } from '../state.ts';
import { ownEntry } from '../../core/own-keys.ts';

/** Lists the ARNs of a cluster's services that are not INACTIVE, 10 a page unless `maxResults` says otherwise. */
export default defineOperation<EcsState>({
  input: t.structure({
    cluster: t.string(),
    nextToken: t.string(),
    maxResults: t.integer(),
    launchType: launchTypeShape,
    schedulingStrategy: t.string({ enum: ['REPLICA', 'DAEMON'] }),
  }),
  handle(
    input: {
      cluster?: string;
      nextToken?: string;
      maxResults?: number;
      launchType?: string;
      schedulingStrategy?: string;
    },
    ctx,
  ) {
    const cluster = requireCluster(ctx, input.cluster);
    const now = ctx.nowMs();
    const services = Object.values(ownEntry(ctx.state.services, cluster.clusterName) ?? {})
      .filter((service) => serviceStatus(service, now) !== 'INACTIVE')
      .filter((service) => !input.launchType || service.launchType === input.launchType)
      .filter((service) => !input.schedulingStrategy || service.schedulingStrategy === input.schedulingStrategy)
      .sort((a, b) => a.createdAt - b.createdAt || a.serviceName.localeCompare(b.serviceName));
    const arns = services.map((service) => service.serviceArn);
    const page = paginate(arns, input, ecsPaging('ListServices', 10));
    return { serviceArns: page.items, nextToken: page.nextToken };
  },
});
