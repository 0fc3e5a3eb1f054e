import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import type { EcsState } from '../state.ts';
import { requireTaggedResource } from '../tagged-resources.ts';

/** The tags of a cluster, service or task definition revision. */
export default defineOperation<EcsState>({
  input: t.structure({ resourceArn: t.required(t.string()) }),
  handle(input: { resourceArn: string }, ctx) {
    return { tags: requireTaggedResource(ctx, input.resourceArn).tags };
  },
});
