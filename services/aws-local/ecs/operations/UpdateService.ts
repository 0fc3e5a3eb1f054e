import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireCluster } from '../clusters.ts';
import { deployCurrentSettings, requireValidDesiredCount } from '../service-deployment.ts';
import { withDefaultDeploymentConfiguration } from '../service-settings.ts';
import { requireActiveService, serviceView } from '../services.ts';
import {
  capacityProviderStrategyShape,
  deploymentConfigurationShape,
  loadBalancersShape,
  networkConfigurationShape,
  placementConstraintsShape,
  placementStrategyShape,
  propagateTagsShape,
  serviceRegistriesShape,
} from '../shapes.ts';
import type { EcsState, ServiceRecord, TaskDefinitionRecord } from '../state.ts';
import { requireDeployableTaskDefinition } from '../task-definitions.ts';

interface UpdateServiceInput {
  cluster?: string;
  service: string;
  desiredCount?: number;
  taskDefinition?: string;
  capacityProviderStrategy?: unknown[];
  deploymentConfiguration?: Record<string, unknown>;
  networkConfiguration?: unknown;
  placementConstraints?: unknown[];
  placementStrategy?: unknown[];
  platformVersion?: string;
  forceNewDeployment?: boolean;
  healthCheckGracePeriodSeconds?: number;
  enableExecuteCommand?: boolean;
  enableECSManagedTags?: boolean;
  loadBalancers?: unknown[];
  propagateTags?: string;
  serviceRegistries?: unknown[];
}

/**
 * Updates a service. A new deployment starts (new PRIMARY, IN_PROGRESS; the
 * previous PRIMARY becomes ACTIVE until the new one completes) when
 * `forceNewDeployment` is set or anything the tasks run with changes: task
 * definition, network configuration, platform version, capacity provider
 * strategy, load balancers, service registries. A change of `desiredCount`
 * alone scales the PRIMARY deployment in place, as ECS does. An injected
 * `ecs-rollout-failure` fault makes the new deployment's rollout fail.
 */
export default defineOperation<EcsState>({
  mutates: true,
  input: t.structure({
    cluster: t.string(),
    service: t.required(t.string()),
    desiredCount: t.integer(),
    taskDefinition: t.string(),
    capacityProviderStrategy: capacityProviderStrategyShape,
    deploymentConfiguration: deploymentConfigurationShape,
    networkConfiguration: networkConfigurationShape,
    placementConstraints: placementConstraintsShape,
    placementStrategy: placementStrategyShape,
    platformVersion: t.string(),
    forceNewDeployment: t.boolean(),
    healthCheckGracePeriodSeconds: t.integer(),
    enableExecuteCommand: t.boolean(),
    enableECSManagedTags: t.boolean(),
    loadBalancers: loadBalancersShape,
    propagateTags: propagateTagsShape,
    serviceRegistries: serviceRegistriesShape,
  }),
  handle(input: UpdateServiceInput, ctx) {
    const cluster = requireCluster(ctx, input.cluster);
    const service = requireActiveService(ctx, cluster, input.service);
    requireValidDesiredCount(input.desiredCount);
    const taskDefinition =
      input.taskDefinition === undefined ? undefined : requireDeployableTaskDefinition(ctx.state, input.taskDefinition);
    const now = ctx.nowMs();
    const redeploy = applyRuntimeChanges(service, input, taskDefinition) || input.forceNewDeployment === true;
    applySettings(service, input);
    if (redeploy) {
      deployCurrentSettings(ctx, service, now, ctx.injectedEffects?.includes('ecs-rollout-failure') ?? false);
    } else if (input.desiredCount !== undefined) {
      // Scaling alone: the PRIMARY deployment takes the new count in place.
      const primary = service.deployments.at(-1);
      if (primary && primary.desiredCount !== input.desiredCount) {
        primary.desiredCount = input.desiredCount;
        primary.updatedAt = now;
      }
    }
    return { service: serviceView(ctx, service, false) };
  },
});

/** Applies what the tasks run with; true when any of it changed (a new deployment starts). */
function applyRuntimeChanges(
  service: ServiceRecord,
  input: UpdateServiceInput,
  taskDefinition: TaskDefinitionRecord | undefined,
): boolean {
  let changed = false;
  const changes = (current: unknown, next: unknown) =>
    next !== undefined && JSON.stringify(current) !== JSON.stringify(next);
  if (taskDefinition && taskDefinition.taskDefinitionArn !== service.taskDefinition) {
    service.taskDefinition = taskDefinition.taskDefinitionArn;
    changed = true;
  }
  if (changes(service.networkConfiguration, input.networkConfiguration)) {
    service.networkConfiguration = input.networkConfiguration;
    changed = true;
  }
  if (changes(service.platformVersion, input.platformVersion)) {
    service.platformVersion = input.platformVersion;
    changed = true;
  }
  if (changes(service.capacityProviderStrategy, input.capacityProviderStrategy)) {
    service.capacityProviderStrategy = input.capacityProviderStrategy;
    service.launchType = undefined;
    changed = true;
  }
  if (input.loadBalancers !== undefined && changes(service.loadBalancers, input.loadBalancers)) {
    service.loadBalancers = input.loadBalancers;
    changed = true;
  }
  if (input.serviceRegistries !== undefined && changes(service.serviceRegistries, input.serviceRegistries)) {
    service.serviceRegistries = input.serviceRegistries;
    changed = true;
  }
  return changed;
}

/** Applies what changes without a new deployment (the count, placement, deployment and tag settings). */
function applySettings(service: ServiceRecord, input: UpdateServiceInput): void {
  if (input.desiredCount !== undefined) service.desiredCount = input.desiredCount;
  if (input.deploymentConfiguration !== undefined) {
    service.deploymentConfiguration = withDefaultDeploymentConfiguration({
      ...service.deploymentConfiguration,
      ...input.deploymentConfiguration,
    });
  }
  if (input.placementConstraints !== undefined) service.placementConstraints = input.placementConstraints;
  if (input.placementStrategy !== undefined) service.placementStrategy = input.placementStrategy;
  if (input.healthCheckGracePeriodSeconds !== undefined) {
    service.healthCheckGracePeriodSeconds = input.healthCheckGracePeriodSeconds;
  }
  if (input.enableExecuteCommand !== undefined) service.enableExecuteCommand = input.enableExecuteCommand;
  if (input.enableECSManagedTags !== undefined) service.enableECSManagedTags = input.enableECSManagedTags;
  if (input.propagateTags !== undefined) service.propagateTags = input.propagateTags;
}
