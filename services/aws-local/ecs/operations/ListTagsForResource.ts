import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import type { EcsState } from '../state.js';
import { requireTaggedResource } from '../tagged-resources.js';

/** The tags of a cluster, service or task definition revision. */
export default defineOperation<EcsState>({
  input: t.structure({ resourceArn: t.required(t.string()) }),
  handle(input: { resourceArn: string }, ctx) {
    return { tags: requireTaggedResource(ctx, input.resourceArn).tags };
  },
});
