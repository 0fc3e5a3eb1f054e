/** How a service's settings carry into its deployments, and the defaults ECS fills in. */
import type { DeploymentSettings } from './deployments.ts';
import type { ServiceRecord } from './state.ts';

/** ECS answers these when a request leaves them out (rolling update, no circuit breaker). */
export function withDefaultDeploymentConfiguration(
  given: Record<string, unknown> | undefined,
): Record<string, unknown> {
  return {
    deploymentCircuitBreaker: { enable: false, rollback: false },
    maximumPercent: 200,
    minimumHealthyPercent: 100,
    ...given,
  };
}

/** What a new deployment takes from its service at the moment it starts. */
export function deploymentSettingsFor(
  service: Pick<
    ServiceRecord,
    | 'taskDefinition'
    | 'desiredCount'
    | 'launchType'
    | 'capacityProviderStrategy'
    | 'platformVersion'
    | 'platformFamily'
    | 'networkConfiguration'
  >,
): DeploymentSettings {
  return {
    taskDefinition: service.taskDefinition,
    desiredCount: service.desiredCount,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    // ECS resolves LATEST to the concrete Fargate platform version per deployment.
    platformVersion: service.platformVersion === 'LATEST' ? '1.4.0' : service.platformVersion,
    platformFamily: service.platformFamily,
    networkConfiguration: service.networkConfiguration,
  };
}
