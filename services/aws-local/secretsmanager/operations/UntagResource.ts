import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireActiveSecret } from '../secret-lookup.js';
import { secretIdShape } from '../shapes.js';
import type { SecretsManagerState } from '../state.js';

/** Removes tags by key; keys the secret does not have are ignored. */
export const UntagResource = defineOperation<SecretsManagerState, { SecretId: string; TagKeys: string[] }>({
  mutates: true,
  input: t.structure({
    SecretId: secretIdShape,
    TagKeys: t.required(t.list(t.string({ min: 1, max: 128 }))),
  }),
  handle(input, ctx) {
    const secret = requireActiveSecret(ctx, input.SecretId);
    const removed = new Set(input.TagKeys);
    secret.tags = secret.tags.filter((tag) => !removed.has(tag.Key));
    secret.lastChangedAtMs = ctx.nowMs();
    return {};
  },
});
