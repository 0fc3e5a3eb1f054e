/** Resolving task definition references as ECS does, and the TaskDefinition object ECS answers. */
import { ownEntry } from '../core/own-keys.ts';
import type { OperationContext } from '../protocol/service.ts';
import { parseTaskDefinitionReference } from './arns.ts';
import { ecsErrors } from './errors.ts';
import type { EcsState, TaskDefinitionRecord } from './state.ts';

/**
 * The revision a reference names: `family:revision` or its ARN names that
 * revision whatever its status; a bare family names the latest ACTIVE one.
 */
export function findTaskDefinition(state: EcsState, reference: string): TaskDefinitionRecord | undefined {
  const parsed = parseTaskDefinitionReference(reference);
  if (!parsed) return undefined;
  const revisions = ownEntry(state.taskDefinitions, parsed.family) ?? [];
  if (parsed.revision !== undefined) return revisions[parsed.revision - 1];
  return revisions.findLast((revision) => revision.status === 'ACTIVE');
}

/** Every revision of every family, in family then revision order. */
export function allTaskDefinitions(state: EcsState): TaskDefinitionRecord[] {
  return Object.entries(state.taskDefinitions)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, revisions]) => revisions);
}

/** The TaskDefinition structure: the registered members plus what ECS adds. */
export function taskDefinitionView(ctx: OperationContext<EcsState>, record: TaskDefinitionRecord) {
  return {
    taskDefinitionArn: record.taskDefinitionArn,
    ...record.body,
    family: record.family,
    revision: record.revision,
    status: record.status,
    registeredAt: new Date(record.registeredAt),
    deregisteredAt: record.deregisteredAt === undefined ? undefined : new Date(record.deregisteredAt),
    registeredBy: `arn:aws:iam::${ctx.accountId}:root`,
  };
}

/** The revision a service is to run: it must exist and be ACTIVE (CreateService, UpdateService). */
export function requireDeployableTaskDefinition(state: EcsState, reference: string): TaskDefinitionRecord {
  const record = findTaskDefinition(state, reference);
  if (!record) throw ecsErrors.client('TaskDefinition not found.');
  if (record.status !== 'ACTIVE') throw ecsErrors.client('TaskDefinition is inactive');
  return record;
}

/** Whether the definition can run with the launch type (Fargate needs a Fargate-compatible one). */
export function supportsLaunchType(record: TaskDefinitionRecord, launchType: string): boolean {
  const compatibilities = (record.body.compatibilities as string[] | undefined) ?? ['EC2'];
  return compatibilities.includes(launchType);
}
