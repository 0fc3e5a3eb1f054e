import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { clusterArn, DEFAULT_CLUSTER } from '../arns.ts';
import { clusterView } from '../clusters.ts';
import { ecsErrors } from '../errors.ts';
import { capacityProviderStrategyShape, stringList, tagsShape } from '../shapes.ts';
import type { EcsState, EcsTag } from '../state.ts';

const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * Creates a cluster (`default` when unnamed). Creating a cluster that exists
 * answers the existing one unchanged, as ECS does.
 */
export default defineOperation<EcsState>({
  mutates: true,
  input: t.structure({
    clusterName: t.string(),
    tags: tagsShape,
    settings: t.list(t.structure({ name: t.string({ enum: ['containerInsights'] }), value: t.string() })),
    configuration: t.structure({
      executeCommandConfiguration: t.structure({
        kmsKeyId: t.string(),
        logging: t.string({ enum: ['NONE', 'DEFAULT', 'OVERRIDE'] }),
        logConfiguration: t.structure({
          cloudWatchLogGroupName: t.string(),
          cloudWatchEncryptionEnabled: t.boolean(),
          s3BucketName: t.string(),
          s3EncryptionEnabled: t.boolean(),
          s3KeyPrefix: t.string(),
        }),
      }),
    }),
    capacityProviders: stringList,
    defaultCapacityProviderStrategy: capacityProviderStrategyShape,
    serviceConnectDefaults: t.structure({ namespace: t.required(t.string()) }),
  }),
  handle(
    input: {
      clusterName?: string;
      tags?: EcsTag[];
      settings?: { name: string; value: string }[];
      configuration?: unknown;
      capacityProviders?: string[];
      defaultCapacityProviderStrategy?: unknown[];
      serviceConnectDefaults?: unknown;
    },
    ctx,
  ) {
    const name = input.clusterName ?? DEFAULT_CLUSTER;
    if (!CLUSTER_NAME.test(name)) {
      throw ecsErrors.invalidParameter(
        'Cluster name must be 1-255 characters long and contain only letters, numbers, hyphens, and underscores.',
      );
    }
    const all = ['ATTACHMENTS', 'CONFIGURATIONS', 'SETTINGS', 'TAGS'];
    const existing = ctx.state.clusters[name];
    if (existing) return { cluster: clusterView(ctx, existing, all) };
    const cluster = {
      clusterName: name,
      clusterArn: clusterArn(ctx, name),
      createdAt: ctx.nowMs(),
      settings: input.settings ?? [{ name: 'containerInsights', value: 'disabled' }],
      configuration: input.configuration,
      capacityProviders: input.capacityProviders ?? [],
      defaultCapacityProviderStrategy: input.defaultCapacityProviderStrategy ?? [],
      serviceConnectDefaults: input.serviceConnectDefaults,
      tags: (input.tags ?? []).map((tag) => ({ key: tag.key, value: tag.value ?? '' })),
    };
    ctx.state.clusters[name] = cluster;
    return { cluster: clusterView(ctx, cluster, all) };
  },
});
