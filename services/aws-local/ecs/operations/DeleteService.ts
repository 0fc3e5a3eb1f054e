import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireCluster } from '../clusters.ts';
import { ecsErrors } from '../errors.ts';
import { findService, serviceStatus, serviceView } from '../services.ts';
import type { EcsState } from '../state.ts';

/**
 * Deletes a service: it is DRAINING while its tasks stop (the rollout time),
 * then INACTIVE; its name can be reused once it is INACTIVE. Without `force`
 * the service must first be scaled to 0.
 */
export default defineOperation<EcsState>({
  mutates: true,
  input: t.structure({ cluster: t.string(), service: t.required(t.string()), force: t.boolean() }),
  handle(input: { cluster?: string; service: string; force?: boolean }, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    const service = findService(ctx, cluster, input.service);
    const now = ctx.nowMs();
    if (!service) throw ecsErrors.serviceNotFound();
    if (serviceStatus(service, now) !== 'ACTIVE') throw ecsErrors.serviceNotActive();
    if (service.desiredCount > 0 && !input.force) {
      throw ecsErrors.invalidParameter('The service cannot be stopped while it is scaled above 0.');
    }
    service.desiredCount = 0;
    for (const deployment of service.deployments) deployment.desiredCount = 0;
    service.deletedAt = now;
    service.inactiveAt = now + ctx.env.timings['ecs.rollout'];
    return { service: serviceView(ctx, service, false) };
  },
});
