import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireSecret } from '../secret-lookup.ts';
import { secretIdShape } from '../shapes.ts';
import type { SecretsManagerState } from '../state.ts';

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
