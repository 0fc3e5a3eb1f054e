/** Finding services as ECS resolves a `service` parameter, and the Service object ECS answers. */
import { createHash } from 'node:crypto';
import type { OperationContext } from '../protocol/service.ts';
import { serviceNameOf } from './arns.ts';
import { completionOf, failureTimeOf, rolloutStateReason, visibleDeployments, withRollbacks } from './deployments.ts';
import { ecsErrors } from './errors.ts';
import type { ClusterRecord, EcsState, ServiceRecord } from './state.ts';
import { ownEntry } from '../core/own-keys.ts';

export type ServiceStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE';

/** DeleteService drains a service for the rollout time, then it is INACTIVE. */
export function serviceStatus(service: ServiceRecord, now: number): ServiceStatus {
  if (service.deletedAt === undefined) return 'ACTIVE';
  return now >= (service.inactiveAt ?? service.deletedAt) ? 'INACTIVE' : 'DRAINING';
}

/** The service named in a cluster (name or ARN), whatever its status; undefined if never created. */
export function findService(
  ctx: OperationContext<EcsState>,
  cluster: ClusterRecord,
  reference: string,
): ServiceRecord | undefined {
  return ownEntry(ownEntry(ctx.state.services, cluster.clusterName), serviceNameOf(reference));
}

/** An ACTIVE service, or ServiceNotFoundException / ServiceNotActiveException as UpdateService answers. */
export function requireActiveService(
  ctx: OperationContext<EcsState>,
  cluster: ClusterRecord,
  reference: string,
): ServiceRecord {
  const service = findService(ctx, cluster, reference);
  if (!service) throw ecsErrors.serviceNotFound();
  if (serviceStatus(service, ctx.nowMs()) !== 'ACTIVE') throw ecsErrors.serviceNotActive();
  return service;
}

export function serviceTaskCounts(service: ServiceRecord, now: number): { runningCount: number; pendingCount: number } {
  if (serviceStatus(service, now) === 'INACTIVE') return { runningCount: 0, pendingCount: 0 };
  let runningCount = 0;
  let pendingCount = 0;
  for (const view of visibleDeployments(service.deployments, now)) {
    runningCount += view.runningCount;
    pendingCount += view.pendingCount;
  }
  return { runningCount, pendingCount };
}

/** A stable id per event, so repeated reads of the same event answer the same id. */
function eventId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The service's events, newest first, derived from its deployments: each
 * completed rollout reports "deployment completed" and "has reached a steady
 * state", as ECS's service scheduler does. ECS keeps the latest 100.
 */
function serviceEvents(service: ServiceRecord, now: number) {
  const events: { id: string; createdAt: Date; message: string }[] = [];
  for (const deployment of withRollbacks(service.deployments)) {
    const failedAt = failureTimeOf(deployment);
    if (failedAt !== undefined && failedAt <= now) {
      events.push({
        id: eventId(`${service.serviceArn}/${deployment.id}/failed`),
        createdAt: new Date(failedAt),
        message: `(service ${service.serviceName}) (deployment ${deployment.id}) deployment failed: tasks failed to start.`,
      });
    }
    if (deployment.createdAt > now) continue;
    const completion = completionOf(deployment);
    if (completion === undefined || completion > now) continue;
    events.push({
      id: eventId(`${service.serviceArn}/${deployment.id}/completed`),
      createdAt: new Date(completion),
      message: `(service ${service.serviceName}) (deployment ${deployment.id}) deployment completed.`,
    });
    events.push({
      id: eventId(`${service.serviceArn}/${deployment.id}/steady`),
      createdAt: new Date(completion),
      message: `(service ${service.serviceName}) has reached a steady state.`,
    });
  }
  // Newest first; events of the same instant keep ECS's order (steady state after completed, listed first).
  return events
    .reverse()
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, 100);
}

/** The Service structure at the current clock; `includeTags` as DescribeServices's `include: ["TAGS"]`. */
export function serviceView(ctx: OperationContext<EcsState>, service: ServiceRecord, includeTags: boolean) {
  const now = ctx.nowMs();
  const status = serviceStatus(service, now);
  const deployments = status === 'INACTIVE' ? [] : visibleDeployments(service.deployments, now);
  const counts = serviceTaskCounts(service, now);
  return {
    serviceArn: service.serviceArn,
    serviceName: service.serviceName,
    clusterArn: service.clusterArn,
    loadBalancers: service.loadBalancers,
    serviceRegistries: service.serviceRegistries,
    status,
    desiredCount: service.desiredCount,
    runningCount: counts.runningCount,
    pendingCount: counts.pendingCount,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.platformVersion,
    platformFamily: service.platformFamily,
    taskDefinition: service.taskDefinition,
    deploymentConfiguration: service.deploymentConfiguration,
    deployments: deployments.map((view) => ({
      id: view.record.id,
      status: view.status,
      taskDefinition: view.record.taskDefinition,
      desiredCount: view.record.desiredCount,
      pendingCount: view.pendingCount,
      runningCount: view.runningCount,
      failedTasks: view.failedTasks,
      createdAt: new Date(view.record.createdAt),
      updatedAt: new Date(view.updatedAt),
      capacityProviderStrategy: view.record.capacityProviderStrategy,
      launchType: view.record.launchType,
      platformVersion: view.record.platformVersion,
      platformFamily: view.record.platformFamily,
      networkConfiguration: view.record.networkConfiguration,
      rolloutState: view.rolloutState,
      rolloutStateReason: rolloutStateReason(view),
    })),
    events: serviceEvents(service, now),
    createdAt: new Date(service.createdAt),
    placementConstraints: service.placementConstraints,
    placementStrategy: service.placementStrategy,
    networkConfiguration: service.networkConfiguration,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: service.schedulingStrategy,
    deploymentController: service.deploymentController,
    tags: includeTags ? service.tags : undefined,
    createdBy: service.createdBy,
    enableECSManagedTags: service.enableECSManagedTags,
    propagateTags: service.propagateTags,
    enableExecuteCommand: service.enableExecuteCommand,
  };
}
