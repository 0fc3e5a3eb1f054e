/**
 * ECS resource names and ARNs. Requests name clusters, services and task
 * definitions either by short name or by full ARN; these turn both forms into
 * the keys the state uses, and build the ARNs ECS answers (the long service
 * ARN format, `service/<cluster>/<service>`, that every account now uses).
 */
import type { OperationContext } from '../protocol/service.ts';

export const DEFAULT_CLUSTER = 'default';

export function clusterArn(ctx: OperationContext<unknown>, clusterName: string): string {
  return ctx.arn('ecs', `cluster/${clusterName}`);
}

export function serviceArn(ctx: OperationContext<unknown>, clusterName: string, serviceName: string): string {
  return ctx.arn('ecs', `service/${clusterName}/${serviceName}`);
}

export function taskDefinitionArn(ctx: OperationContext<unknown>, family: string, revision: number): string {
  return ctx.arn('ecs', `task-definition/${family}:${revision}`);
}

const ARN_PATTERN = /^arn:aws[a-z-]*:ecs:[^:]*:[^:]*:(.+)$/;

/** The resource part of an ECS ARN (`cluster/x`), or undefined when `value` is not an ECS ARN. */
function ecsResource(value: string): string | undefined {
  return ARN_PATTERN.exec(value)?.[1];
}

/** The cluster a request names (name or ARN); ECS uses `default` when none is given. */
export function clusterNameOf(reference: string | undefined): string {
  if (reference === undefined || reference === '') return DEFAULT_CLUSTER;
  const resource = ecsResource(reference);
  if (resource?.startsWith('cluster/')) return resource.slice('cluster/'.length);
  return reference;
}

/** The service a request names: its name, or the last part of its ARN (long or short format). */
export function serviceNameOf(reference: string): string {
  const resource = ecsResource(reference);
  if (resource?.startsWith('service/')) return resource.slice(resource.lastIndexOf('/') + 1);
  return reference;
}

export interface TaskDefinitionReference {
  family: string;
  /** Absent for a bare family: the latest ACTIVE revision. */
  revision?: number;
}

/** `family`, `family:revision` or a task definition ARN; undefined when malformed. */
export function parseTaskDefinitionReference(reference: string): TaskDefinitionReference | undefined {
  const resource = ecsResource(reference);
  let text = reference;
  if (resource !== undefined) {
    if (!resource.startsWith('task-definition/')) return undefined;
    text = resource.slice('task-definition/'.length);
  }
  const [, family, revision] = /^([^:]+)(?::(\d+))?$/.exec(text) ?? [];
  if (family === undefined) return undefined;
  return revision === undefined ? { family } : { family, revision: Number(revision) };
}

export type TaggableResource =
  | { kind: 'cluster'; clusterName: string }
  | { kind: 'service'; clusterName: string; serviceName: string }
  | { kind: 'task-definition'; family: string; revision: number };

/** The resource a tagging request's ARN names; undefined when ECS would not accept the ARN. */
export function parseTaggableArn(arn: string): TaggableResource | undefined {
  const resource = ecsResource(arn);
  if (resource === undefined) return undefined;
  const [kind, ...rest] = resource.split('/');
  if (kind === 'cluster' && rest.length === 1 && rest[0]) return { kind, clusterName: rest[0] };
  if (kind === 'service' && rest.length === 2 && rest[0] && rest[1]) {
    return { kind, clusterName: rest[0], serviceName: rest[1] };
  }
  if (kind === 'task-definition' && rest.length === 1) {
    const reference = parseTaskDefinitionReference(arn);
    if (reference?.revision !== undefined) return { kind, family: reference.family, revision: reference.revision };
  }
  return undefined;
}
