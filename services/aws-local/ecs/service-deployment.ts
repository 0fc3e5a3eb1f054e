/**
 * What CreateService and UpdateService share: the desiredCount rule and
 * starting a deployment of the service's current settings.
 */
import type { OperationContext } from '../protocol/service.ts';
import { newDeploymentId, rolloutFailureFor, startDeployment } from './deployments.ts';
import { ecsErrors } from './errors.ts';
import { deploymentSettingsFor } from './service-settings.ts';
import type { EcsState, ServiceRecord } from './state.ts';

export function requireValidDesiredCount(desiredCount: number | undefined): void {
  if (desiredCount !== undefined && desiredCount < 0) {
    throw ecsErrors.invalidParameter('desiredCount must be greater than or equal to 0.');
  }
}

/**
 * A deployment of the service's settings as they are now becomes PRIMARY,
 * IN_PROGRESS for the rollout time (`ecs.rollout`). With `failing` (the
 * `ecs-rollout-failure` fault) its rollout fails as the service's circuit
 * breaker setting says.
 */
export function deployCurrentSettings(
  ctx: OperationContext<EcsState>,
  service: ServiceRecord,
  now: number,
  failing: boolean,
): void {
  const rolloutMs = ctx.env.timings['ecs.rollout'];
  const settings = deploymentSettingsFor(service);
  // The rollback's id is drawn before the deployment's: seeded runs keep their ids.
  if (failing) settings.failure = rolloutFailureFor(service, now, rolloutMs, newDeploymentId(ctx.env.random));
  service.deployments = startDeployment(service.deployments, settings, {
    id: newDeploymentId(ctx.env.random),
    now,
    rolloutMs,
  });
}
