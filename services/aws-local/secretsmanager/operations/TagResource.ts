import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireActiveSecret } from '../secret-lookup.js';
import { secretIdShape, tagListShape } from '../shapes.js';
import type { SecretsManagerState, SecretTag } from '../state.js';
import { checkTags, mergeTags } from '../tags.js';

/** Adds tags; a key that exists gets the new value. Answers nothing, as AWS does. */
export const TagResource = defineOperation<SecretsManagerState, { SecretId: string; Tags: SecretTag[] }>({
  mutates: true,
  input: t.structure({ SecretId: secretIdShape, Tags: t.required(tagListShape) }),
  handle(input, ctx) {
    const added = checkTags(input.Tags);
    const secret = requireActiveSecret(ctx, input.SecretId);
    secret.tags = mergeTags(secret.tags, added);
    secret.lastChangedAtMs = ctx.nowMs();
    return {};
  },
});
