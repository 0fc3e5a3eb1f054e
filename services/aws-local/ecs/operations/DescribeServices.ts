import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { serviceArn, serviceNameOf } from '../arns.ts';
import { requireCluster } from '../clusters.ts';
import { ecsErrors } from '../errors.ts';
import { findService, serviceView } from '../services.ts';
import type { EcsState } from '../state.ts';

/**
 * Describes up to 10 services of one cluster at the current clock (deployment
 * rollout states and counts are computed now). A service that does not exist
 * is a failure with reason MISSING, not an error.
 */
export default defineOperation<EcsState>({
  input: t.structure({
    cluster: t.string(),
    services: t.required(t.list(t.string())),
    include: t.list(t.string({ enum: ['TAGS'] })),
  }),
  handle(input: { cluster?: string; services: string[]; include?: string[] }, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    if (input.services.length === 0) throw ecsErrors.invalidParameter('Services cannot be empty.');
    if (input.services.length > 10) {
      throw ecsErrors.invalidParameter('Services cannot have more than 10 elements.');
    }
    const includeTags = input.include?.includes('TAGS') ?? false;
    const services = [];
    const failures = [];
    for (const reference of input.services) {
      const service = findService(ctx, cluster, reference);
      if (service) services.push(serviceView(ctx, service, includeTags));
      else {
        failures.push({
          arn: reference.startsWith('arn:')
            ? reference
            : serviceArn(ctx, cluster.clusterName, serviceNameOf(reference)),
          reason: 'MISSING',
        });
      }
    }
    return { services, failures };
  },
});
