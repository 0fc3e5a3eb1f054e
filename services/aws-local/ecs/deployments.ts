/**
 * The deployment lifecycle of a service, computed from stored timestamps
 * against the clock whenever it is read, never by a timer:
 *
 * - The newest deployment is PRIMARY; every older one still shown is ACTIVE.
 * - A deployment is COMPLETED once `completesAt` (creation + `ecs.rollout`)
 *   has passed, unless a newer deployment replaced it before that: a replaced
 *   rollout never completes.
 * - When a deployment completes, every older one has drained and disappears.
 *
 * So after a forced deployment a service shows the new PRIMARY (IN_PROGRESS)
 * and the old deployment (ACTIVE, still running its tasks), and after the
 * rollout time only the new PRIMARY (COMPLETED, runningCount = desiredCount).
 * Several forced deployments in a row stack up as ACTIVE until the newest
 * completes.
 *
 * Failing rollouts (an injected `ecs-rollout-failure` fault, see
 * `RolloutFailure`): with the service's circuit breaker on, the rollout is
 * FAILED at its `completesAt` and never completes; with rollback on too, a
 * rollback deployment (derived here, never stored) starts at that instant
 * with the last completed task definition, becomes PRIMARY and, once it
 * completes, drains the failed one. Without the circuit breaker the failing
 * rollout stays IN_PROGRESS (its tasks keep failing) until replaced.
 */
import type { DeploymentRecord, RolloutFailure, ServiceRecord } from './state.ts';

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface DeploymentView {
  record: DeploymentRecord;
  status: 'PRIMARY' | 'ACTIVE';
  rolloutState: RolloutState;
  /** When the rollout completed (for COMPLETED ones). */
  completedAt?: number;
  runningCount: number;
  pendingCount: number;
  failedTasks: number;
  updatedAt: number;
}

/** When a deployment completed or will complete; undefined if it was replaced before completing. */
export function completionOf(deployment: DeploymentRecord): number | undefined {
  if (deployment.failure) return undefined;
  if (replacedBeforeTheEnd(deployment)) return undefined;
  return deployment.completesAt;
}

function replacedBeforeTheEnd(deployment: DeploymentRecord): boolean {
  return deployment.supersededAt !== undefined && deployment.supersededAt < deployment.completesAt;
}

/** When the circuit breaker declared the rollout FAILED; undefined if it did not (healthy, no breaker, replaced first). */
export function failureTimeOf(deployment: DeploymentRecord): number | undefined {
  if (!deployment.failure?.circuitBreaker || replacedBeforeTheEnd(deployment)) return undefined;
  return deployment.completesAt;
}

/** The stored deployments, each circuit breaker rollback inserted after the deployment whose failure started it. */
export function withRollbacks(deployments: readonly DeploymentRecord[]): DeploymentRecord[] {
  const all: DeploymentRecord[] = [];
  deployments.forEach((record, index) => {
    all.push(record);
    const failedAt = failureTimeOf(record);
    const rollback = record.failure?.rollback;
    if (failedAt === undefined || !rollback) return;
    const next = deployments[index + 1];
    const { failure: _failure, ...settings } = record;
    all.push({
      ...settings,
      id: rollback.id,
      taskDefinition: rollback.taskDefinition,
      createdAt: failedAt,
      updatedAt: failedAt,
      completesAt: failedAt + rollback.rolloutMs,
      supersededAt: next?.createdAt,
      rollbackOf: record.id,
    });
  });
  return all;
}

/** Whether a newer deployment than `deployments[index]` has completed by `now` (then it has drained). */
function drained(deployments: readonly DeploymentRecord[], index: number, now: number): boolean {
  return deployments.slice(index + 1).some((newer) => {
    const completion = completionOf(newer);
    return completion !== undefined && completion <= now;
  });
}

/** The deployments a DescribeServices at `now` shows, newest (PRIMARY) first, as ECS lists them. */
export function visibleDeployments(stored: readonly DeploymentRecord[], now: number): DeploymentView[] {
  const deployments = withRollbacks(stored).filter((record) => record.createdAt <= now);
  const views: DeploymentView[] = [];
  deployments.forEach((record, index) => {
    if (drained(deployments, index, now)) return;
    const completion = completionOf(record);
    const completed = completion !== undefined && completion <= now;
    const failedAt = failureTimeOf(record);
    const failed = failedAt !== undefined && failedAt <= now;
    const primary = index === deployments.length - 1;
    views.push({
      record,
      status: primary ? 'PRIMARY' : 'ACTIVE',
      rolloutState: failed ? 'FAILED' : completed ? 'COMPLETED' : 'IN_PROGRESS',
      completedAt: completed ? completion : undefined,
      // A completed deployment runs its tasks until it drains; a rollout in
      // progress has its tasks starting; a replaced or failed rollout's tasks stopped.
      runningCount: completed ? record.desiredCount : 0,
      pendingCount: !completed && !failed && primary ? record.desiredCount : 0,
      failedTasks: record.failure && now >= record.completesAt ? record.desiredCount : 0,
      updatedAt: Math.max(
        record.updatedAt,
        completed ? completion : 0,
        failed ? failedAt : 0,
        Math.min(record.supersededAt ?? 0, now),
      ),
    });
  });
  return views.reverse();
}

/** How many deployments a service keeps: drained ones stay as the history its events come from. */
export const DEPLOYMENT_HISTORY = 20;

/** Forgets the oldest drained deployments beyond the history size (done on every write). */
export function trimHistory(deployments: DeploymentRecord[], now: number): DeploymentRecord[] {
  const kept = [...deployments];
  for (let index = 0; kept.length > DEPLOYMENT_HISTORY && index < kept.length;) {
    if (drained(kept, index, now)) kept.splice(index, 1);
    else index++;
  }
  return kept;
}

/** ECS deployment ids: `ecs-svc/` and 19 digits. */
export function newDeploymentId(random: () => number): string {
  let digits = String(1 + Math.floor(random() * 9));
  while (digits.length < 19) digits += String(Math.floor(random() * 10));
  return `ecs-svc/${digits}`;
}

export function rolloutStateReason(view: DeploymentView): string {
  if (view.rolloutState === 'FAILED') return 'ECS deployment circuit breaker: tasks failed to start.';
  return view.rolloutState === 'COMPLETED'
    ? `ECS deployment ${view.record.id} completed.`
    : `ECS deployment ${view.record.id} in progress.`;
}

export type DeploymentSettings = Omit<
  DeploymentRecord,
  'id' | 'createdAt' | 'updatedAt' | 'completesAt' | 'supersededAt' | 'rollbackOf'
>;

/**
 * Adds a new PRIMARY deployment at `now` that completes after `rolloutMs`;
 * the previous PRIMARY becomes ACTIVE (it is marked superseded, which also
 * stops it from completing if its own rollout was still in progress).
 */
export function startDeployment(
  deployments: readonly DeploymentRecord[],
  settings: DeploymentSettings,
  options: { id: string; now: number; rolloutMs: number },
): DeploymentRecord[] {
  const { id, now, rolloutMs } = options;
  const next = trimHistory(
    deployments.map((deployment) =>
      deployment.supersededAt === undefined ? { ...deployment, supersededAt: now } : deployment,
    ),
    now,
  );
  next.push({ id, ...settings, createdAt: now, updatedAt: now, completesAt: now + rolloutMs });
  return next;
}

/**
 * How a rollout starting now fails, from the service's circuit breaker
 * setting; a rollback returns to the task definition of the last deployment
 * that completed (ECS: "the last deployment that completed successfully").
 */
export function rolloutFailureFor(
  service: Pick<ServiceRecord, 'deploymentConfiguration' | 'deployments' | 'taskDefinition'>,
  now: number,
  rolloutMs: number,
  rollbackId: string,
): RolloutFailure {
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker as
    { enable?: boolean; rollback?: boolean } | undefined;
  if (!breaker?.enable) return { circuitBreaker: false };
  if (!breaker.rollback) return { circuitBreaker: true };
  const lastCompleted = withRollbacks(service.deployments)
    .filter((d) => {
      const completion = completionOf(d);
      return completion !== undefined && completion <= now;
    })
    .at(-1);
  return {
    circuitBreaker: true,
    rollback: { id: rollbackId, taskDefinition: lastCompleted?.taskDefinition ?? service.taskDefinition, rolloutMs },
  };
}
