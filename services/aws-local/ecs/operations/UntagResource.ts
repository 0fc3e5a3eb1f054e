import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { tagKeyShape } from '../shapes.js';
import type { EcsState } from '../state.js';
import { requireTaggedResource } from '../tagged-resources.js';
import { removeTags } from '../tags.js';

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
