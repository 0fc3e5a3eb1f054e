/**
 * A read-only view for tests and tooling (not part of the ECS API): the
 * deployments a service shows right now, without going through the wire.
 */
import type { EmulatorEnv } from '../protocol/service.ts';
import { clusterNameOf, serviceNameOf } from './arns.ts';
import { visibleDeployments, type RolloutState } from './deployments.ts';
import { serviceStatus } from './services.ts';
import type { EcsState } from './state.ts';
import { ownEntry } from '../core/own-keys.ts';

export interface DeploymentSummary {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  rolloutState: RolloutState;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
}

/** The deployments of `cluster/service` (names or ARNs) at the clock's now; [] when there is no such (or an INACTIVE) service. */
export function serviceDeployments(
  env: EmulatorEnv,
  region: string,
  cluster: string,
  service: string,
): DeploymentSummary[] {
  const state = env.stateOf<EcsState>('ecs', region);
  const record = ownEntry(ownEntry(state.services, clusterNameOf(cluster)), serviceNameOf(service));
  const now = env.clock.nowMs();
  if (!record || serviceStatus(record, now) === 'INACTIVE') return [];
  return visibleDeployments(record.deployments, now).map((view) => ({
    id: view.record.id,
    status: view.status,
    rolloutState: view.rolloutState,
    taskDefinition: view.record.taskDefinition,
    desiredCount: view.record.desiredCount,
    runningCount: view.runningCount,
  }));
}

/** How many deployments `cluster/service` shows right now (2 while a forced deployment rolls out). */
export function countDeployments(env: EmulatorEnv, region: string, cluster: string, service: string): number {
  return serviceDeployments(env, region, cluster, service).length;
}
