import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireCluster } from '../clusters.js';
import { paginate } from '../../core/paginate.js';
import { ecsPaging } from '../paging.js';
import { serviceStatus } from '../services.js';
import { launchTypeShape } from '../shapes.js';
import type { EcsState } from '../state.js';
import { ownEntry } from '../../core/own-keys.js';

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
