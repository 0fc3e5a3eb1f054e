import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireActiveSecret } from '../secret-lookup.ts';
import { secretIdShape, tagListShape } from '../shapes.ts';
import type { SecretsManagerState, SecretTag } from '../state.ts';
import { checkTags, mergeTags } from '../tags.ts';

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
