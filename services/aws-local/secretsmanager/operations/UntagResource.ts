import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireActiveSecret } from '../secret-lookup.ts';
import { secretIdShape } from '../shapes.ts';
import type { SecretsManagerState } from '../state.ts';

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
