import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireSecret } from '../secret-lookup.js';
import { secretIdShape } from '../shapes.js';
import type { SecretsManagerState } from '../state.js';

/** Cancels a scheduled deletion while the recovery window is open; a live secret is left as it is. */
export const RestoreSecret = defineOperation<SecretsManagerState, { SecretId: string }>({
  mutates: true,
  input: t.structure({ SecretId: secretIdShape }),
  handle(input, ctx) {
    const secret = requireSecret(ctx, input.SecretId);
    if (secret.deletionDateMs !== undefined) {
      delete secret.deletedAtMs;
      delete secret.deletionDateMs;
      secret.lastChangedAtMs = ctx.nowMs();
    }
    return { ARN: secret.arn, Name: secret.name };
  },
});
