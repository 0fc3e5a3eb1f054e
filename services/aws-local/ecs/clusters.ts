/** Finding clusters the way ECS resolves a `cluster` parameter, and the Cluster object ECS answers. */
import type { OperationContext } from '../protocol/service.ts';
import { clusterNameOf } from './arns.ts';
import { ecsErrors } from './errors.ts';
import { serviceStatus, serviceTaskCounts } from './services.ts';
import type { ClusterRecord, EcsState } from './state.ts';
import { ownEntry } from '../core/own-keys.ts';

/** The cluster a request names (default `default`), or ClusterNotFoundException. */
export function requireCluster(ctx: OperationContext<EcsState>, reference: string | undefined): ClusterRecord {
  const cluster = ctx.state.clusters[clusterNameOf(reference)];
  if (!cluster) throw ecsErrors.clusterNotFound();
  return cluster;
}

export type ClusterField = 'ATTACHMENTS' | 'CONFIGURATIONS' | 'SETTINGS' | 'STATISTICS' | 'TAGS';

/** The Cluster structure; `include` adds the optional parts, as DescribeClusters's `include` does. */
export function clusterView(ctx: OperationContext<EcsState>, cluster: ClusterRecord, include: readonly string[]) {
  const now = ctx.nowMs();
  let active = 0;
  let running = 0;
  let pending = 0;
  for (const service of Object.values(ownEntry(ctx.state.services, cluster.clusterName) ?? {})) {
    if (serviceStatus(service, now) === 'ACTIVE') active++;
    const counts = serviceTaskCounts(service, now);
    running += counts.runningCount;
    pending += counts.pendingCount;
  }
  return {
    clusterArn: cluster.clusterArn,
    clusterName: cluster.clusterName,
    configuration: include.includes('CONFIGURATIONS') ? cluster.configuration : undefined,
    status: 'ACTIVE',
    // No container instances: every task runs on Fargate-like capacity.
    registeredContainerInstancesCount: 0,
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: active,
    statistics: include.includes('STATISTICS') ? [] : undefined,
    tags: include.includes('TAGS') ? cluster.tags : undefined,
    settings: include.includes('SETTINGS') ? cluster.settings : undefined,
    capacityProviders: cluster.capacityProviders,
    defaultCapacityProviderStrategy: cluster.defaultCapacityProviderStrategy,
    attachments: include.includes('ATTACHMENTS') ? [] : undefined,
    serviceConnectDefaults: cluster.serviceConnectDefaults,
  };
}
