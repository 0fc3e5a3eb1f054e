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
 */
import type { DeploymentRecord } from './state.js';

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED';

export interface DeploymentView {
  record: DeploymentRecord;
  status: 'PRIMARY' | 'ACTIVE';
  rolloutState: RolloutState;
  /** When the rollout completed (for COMPLETED ones). */
  completedAt?: number;
  runningCount: number;
  pendingCount: number;
  updatedAt: number;
}

/** When a deployment completed or will complete; undefined if it was replaced before completing. */
export function completionOf(deployment: DeploymentRecord): number | undefined {
  if (deployment.supersededAt !== undefined && deployment.supersededAt < deployment.completesAt) return undefined;
  return deployment.completesAt;
}

/** Whether a newer deployment than `deployments[index]` has completed by `now` (then it has drained). */
function drained(deployments: readonly DeploymentRecord[], index: number, now: number): boolean {
  return deployments.slice(index + 1).some((newer) => {
    const completion = completionOf(newer);
    return completion !== undefined && completion <= now;
  });
}

/** The deployments a DescribeServices at `now` shows, newest (PRIMARY) first, as ECS lists them. */
export function visibleDeployments(deployments: readonly DeploymentRecord[], now: number): DeploymentView[] {
  const views: DeploymentView[] = [];
  deployments.forEach((record, index) => {
    if (drained(deployments, index, now)) return;
    const completion = completionOf(record);
    const completed = completion !== undefined && completion <= now;
    const primary = index === deployments.length - 1;
    views.push({
      record,
      status: primary ? 'PRIMARY' : 'ACTIVE',
      rolloutState: completed ? 'COMPLETED' : 'IN_PROGRESS',
      completedAt: completed ? completion : undefined,
      // A completed deployment runs its tasks until it drains; a rollout in
      // progress has its tasks starting; a replaced rollout's tasks stopped.
      runningCount: completed ? record.desiredCount : 0,
      pendingCount: !completed && primary ? record.desiredCount : 0,
      updatedAt: Math.max(record.updatedAt, completed ? completion : 0, record.supersededAt ?? 0),
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
  return view.rolloutState === 'COMPLETED'
    ? `ECS deployment ${view.record.id} completed.`
    : `ECS deployment ${view.record.id} in progress.`;
}

export type DeploymentSettings = Omit<
  DeploymentRecord,
  'id' | 'createdAt' | 'updatedAt' | 'completesAt' | 'supersededAt'
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
