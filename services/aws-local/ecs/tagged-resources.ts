/** The tag list of the resource a tagging request's ARN names, in ECS's order of checks. */
import type { OperationContext } from '../protocol/service.ts';
import { parseTaggableArn } from './arns.ts';
import { ecsErrors } from './errors.ts';
import type { EcsState, EcsTag } from './state.ts';
import { ownEntry } from '../core/own-keys.ts';

export interface TaggedResource {
  tags: EcsTag[];
}

/**
 * Clusters, services and task definition revisions carry tags. An ARN of any
 * other shape is an InvalidParameterException; a missing cluster (also the
 * cluster of a service ARN) is ClusterNotFoundException; a missing service or
 * revision is ResourceNotFoundException.
 */
export function requireTaggedResource(ctx: OperationContext<EcsState>, arn: string): TaggedResource {
  const parsed = parseTaggableArn(arn);
  if (!parsed) throw ecsErrors.invalidParameter('The ARN provided is invalid.');
  switch (parsed.kind) {
    case 'cluster': {
      const cluster = ctx.state.clusters[parsed.clusterName];
      if (!cluster) throw ecsErrors.clusterNotFound();
      return cluster;
    }
    case 'service': {
      if (!ctx.state.clusters[parsed.clusterName]) throw ecsErrors.clusterNotFound();
      const service = ownEntry(ownEntry(ctx.state.services, parsed.clusterName), parsed.serviceName);
      if (!service) throw ecsErrors.resourceNotFound();
      return service;
    }
    case 'task-definition': {
      const record = ownEntry(ctx.state.taskDefinitions, parsed.family)?.[parsed.revision - 1];
      if (!record) throw ecsErrors.resourceNotFound();
      return record;
    }
  }
}
