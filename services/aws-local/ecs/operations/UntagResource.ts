import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { tagKeyShape } from '../shapes.ts';
import type { EcsState } from '../state.ts';
import { requireTaggedResource } from '../tagged-resources.ts';
import { removeTags } from '../tags.ts';

/** Removes tags by key; keys the resource does not have are ignored. */
export default defineOperation<EcsState>({
  mutates: true,
  input: t.structure({
    resourceArn: t.required(t.string()),
    tagKeys: t.required(t.list(tagKeyShape)),
  }),
  handle(input: { resourceArn: string; tagKeys: string[] }, ctx) {
    const resource = requireTaggedResource(ctx, input.resourceArn);
    resource.tags = removeTags(resource.tags, input.tagKeys);
    return {};
  },
});
