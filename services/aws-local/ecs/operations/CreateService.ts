import { defineOperation, type OperationContext } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { serviceArn } from '../arns.ts';
import { requireCluster } from '../clusters.ts';
import { ecsErrors } from '../errors.ts';
import { deployCurrentSettings, requireValidDesiredCount } from '../service-deployment.ts';
import { withDefaultDeploymentConfiguration } from '../service-settings.ts';
import { serviceStatus, serviceView } from '../services.ts';
import {
  capacityProviderStrategyShape,
  deploymentConfigurationShape,
  launchTypeShape,
  loadBalancersShape,
  networkConfigurationShape,
  placementConstraintsShape,
  placementStrategyShape,
  propagateTagsShape,
  serviceRegistriesShape,
  tagsShape,
} from '../shapes.ts';
import type { ClusterRecord, EcsState, EcsTag, ServiceRecord, TaskDefinitionRecord } from '../state.ts';
import { requireDeployableTaskDefinition, supportsLaunchType } from '../task-definitions.ts';
import { ownEntry, setOwnEntry } from '../../core/own-keys.ts';

const SERVICE_NAME = /^[A-Za-z0-9_-]{1,255}$/;

interface CreateServiceInput {
  cluster?: string;
  serviceName: string;
  taskDefinition?: string;
  loadBalancers?: unknown[];
  serviceRegistries?: unknown[];
  desiredCount?: number;
  clientToken?: string;
  launchType?: string;
  capacityProviderStrategy?: unknown[];
  platformVersion?: string;
  role?: string;
  deploymentConfiguration?: Record<string, unknown>;
  placementConstraints?: unknown[];
  placementStrategy?: unknown[];
  networkConfiguration?: { awsvpcConfiguration?: { subnets?: string[] } };
  healthCheckGracePeriodSeconds?: number;
  schedulingStrategy?: string;
  deploymentController?: { type: string };
  tags?: EcsTag[];
  enableECSManagedTags?: boolean;
  propagateTags?: string;
  enableExecuteCommand?: boolean;
}

/**
 * Creates a service with one PRIMARY deployment, IN_PROGRESS until the
 * rollout time (`ecs.rollout`) has passed on the shared clock, then COMPLETED.
 * Repeating the request with the same `clientToken` answers the same service;
 * any other request for an existing ACTIVE name is not idempotent.
 */
export default defineOperation<EcsState>({
  mutates: true,
  input: t.structure({
    cluster: t.string(),
    serviceName: t.required(t.string()),
    taskDefinition: t.string(),
    loadBalancers: loadBalancersShape,
    serviceRegistries: serviceRegistriesShape,
    desiredCount: t.integer(),
    clientToken: t.string(),
    launchType: launchTypeShape,
    capacityProviderStrategy: capacityProviderStrategyShape,
    platformVersion: t.string(),
    role: t.string(),
    deploymentConfiguration: deploymentConfigurationShape,
    placementConstraints: placementConstraintsShape,
    placementStrategy: placementStrategyShape,
    networkConfiguration: networkConfigurationShape,
    healthCheckGracePeriodSeconds: t.integer(),
    schedulingStrategy: t.string({ enum: ['REPLICA', 'DAEMON'] }),
    deploymentController: t.structure({ type: t.required(t.string({ enum: ['ECS', 'CODE_DEPLOY', 'EXTERNAL'] })) }),
    tags: tagsShape,
    enableECSManagedTags: t.boolean(),
    propagateTags: propagateTagsShape,
    enableExecuteCommand: t.boolean(),
  }),
  handle(input: CreateServiceInput, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    const now = ctx.nowMs();
    const existing = ownEntry(ownEntry(ctx.state.services, cluster.clusterName), input.serviceName);
    if (existing && repeatsCreation(existing, input, now)) return { service: serviceView(ctx, existing, true) };
    const controller = validateRequest(input);
    const taskDefinition = requireTaskDefinitionFor(ctx.state, input);
    const chosen = { taskDefinition: taskDefinition.taskDefinitionArn, controller, now };
    const service: ServiceRecord = { ...newService(ctx, cluster, input, chosen), deployments: [] };
    deployCurrentSettings(ctx, service, now, false);
    const inCluster =
      ownEntry(ctx.state.services, cluster.clusterName) ?? setOwnEntry(ctx.state.services, cluster.clusterName, {});
    setOwnEntry(inCluster, service.serviceName, service);
    return { service: serviceView(ctx, service, true) };
  },
});

/**
 * True when the request repeats the creation of this ACTIVE service (same
 * `clientToken`); throws when the name is taken otherwise or still draining.
 */
function repeatsCreation(existing: ServiceRecord, input: CreateServiceInput, now: number): boolean {
  const status = serviceStatus(existing, now);
  if (status === 'ACTIVE') {
    if (input.clientToken !== undefined && input.clientToken === existing.clientToken) return true;
    throw ecsErrors.invalidParameter('Creation of service was not idempotent.');
  }
  if (status === 'DRAINING') throw ecsErrors.invalidParameter('Unable to Start a service that is still Draining.');
  return false;
}

/** The request's own rules, in ECS's order; answers the deployment controller. */
function validateRequest(input: CreateServiceInput): { type: string } {
  if (!SERVICE_NAME.test(input.serviceName)) {
    throw ecsErrors.invalidParameter(
      'Service name must be 1-255 characters long and contain only letters, numbers, hyphens, and underscores.',
    );
  }
  if (input.launchType && input.capacityProviderStrategy?.length) {
    throw ecsErrors.invalidParameter(
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
    );
  }
  requireValidDesiredCount(input.desiredCount);
  const controller = input.deploymentController ?? { type: 'ECS' };
  if (controller.type !== 'ECS') {
    throw ecsErrors.invalidParameter(
      `The ${controller.type} deployment controller is not supported by this emulator; use ECS.`,
    );
  }
  return controller;
}

/** The task definition to run: deployable, fit for the launch type, given a network when it uses awsvpc. */
function requireTaskDefinitionFor(state: EcsState, input: CreateServiceInput): TaskDefinitionRecord {
  if (!input.taskDefinition) throw ecsErrors.invalidParameter('TaskDefinition must be specified.');
  const taskDefinition = requireDeployableTaskDefinition(state, input.taskDefinition);
  if (input.launchType && input.launchType !== 'EC2' && !supportsLaunchType(taskDefinition, input.launchType)) {
    throw ecsErrors.invalidParameter(`Task definition does not support launch_type ${input.launchType}.`);
  }
  if (taskDefinition.body.networkMode === 'awsvpc' && !input.networkConfiguration?.awsvpcConfiguration) {
    throw ecsErrors.invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  }
  return taskDefinition;
}

/** The service as the request describes it, with the defaults ECS fills in (no deployment yet). */
function newService(
  ctx: OperationContext<EcsState>,
  cluster: ClusterRecord,
  input: CreateServiceInput,
  chosen: { taskDefinition: string; controller: { type: string }; now: number },
): Omit<ServiceRecord, 'deployments'> {
  const { taskDefinition, controller, now } = chosen;
  return {
    serviceName: input.serviceName,
    serviceArn: serviceArn(ctx, cluster.clusterName, input.serviceName),
    clusterName: cluster.clusterName,
    clusterArn: cluster.clusterArn,
    desiredCount: input.desiredCount ?? 0,
    taskDefinition,
    launchType: input.capacityProviderStrategy?.length ? undefined : (input.launchType ?? 'EC2'),
    capacityProviderStrategy: input.capacityProviderStrategy,
    platformVersion: input.platformVersion ?? (input.launchType === 'FARGATE' ? 'LATEST' : undefined),
    platformFamily: input.launchType === 'FARGATE' ? 'Linux' : undefined,
    deploymentConfiguration: withDefaultDeploymentConfiguration(input.deploymentConfiguration),
    networkConfiguration: input.networkConfiguration,
    loadBalancers: input.loadBalancers ?? [],
    serviceRegistries: input.serviceRegistries ?? [],
    placementConstraints: input.placementConstraints ?? [],
    placementStrategy: input.placementStrategy ?? [],
    healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds,
    schedulingStrategy: input.schedulingStrategy ?? 'REPLICA',
    deploymentController: controller,
    enableECSManagedTags: input.enableECSManagedTags ?? false,
    propagateTags: input.propagateTags ?? 'NONE',
    enableExecuteCommand: input.enableExecuteCommand ?? false,
    clientToken: input.clientToken,
    createdAt: now,
    createdBy: `arn:aws:iam::${ctx.accountId}:root`,
    tags: (input.tags ?? []).map((tag) => ({ key: tag.key, value: tag.value ?? '' })),
  };
}
