import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { ecsErrors } from '../errors.ts';
import { tagsShape } from '../shapes.ts';
import type { EcsState, EcsTag } from '../state.ts';
import { requireTaggedResource } from '../tagged-resources.ts';
import { mergeTags } from '../tags.ts';

const MAX_TAGS = 50;

/** Adds tags to a cluster, service or task definition; a tag with an existing key replaces its value. */
export default defineOperation<EcsState>({
  mutates: true,
  input: t.structure({ resourceArn: t.required(t.string()), tags: t.required(tagsShape) }),
  handle(input: { resourceArn: string; tags: EcsTag[] }, ctx) {
    const resource = requireTaggedResource(ctx, input.resourceArn);
    const merged = mergeTags(resource.tags, input.tags);
    if (merged.length > MAX_TAGS) {
      throw ecsErrors.invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`);
    }
    resource.tags = merged;
    return {};
  },
});
