import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { secretErrors } from '../errors.ts';
import { findSecret, isScheduledForDeletion, secretsOf } from '../secret-lookup.ts';
import { secretIdShape } from '../shapes.ts';
import type { SecretsManagerState } from '../state.ts';

interface Input {
  SecretId: string;
  RecoveryWindowInDays?: number;
  ForceDeleteWithoutRecovery?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Schedules deletion after a recovery window (7–30 days, 30 by default) or
 * deletes at once with ForceDeleteWithoutRecovery. The end of the window is
 * not a timer: the secret is gone for every operation once the clock passes
 * DeletionDate, even across restarts and clock jumps.
 */
export const DeleteSecret = defineOperation<SecretsManagerState, Input>({
  mutates: true,
  input: t.structure({
    SecretId: secretIdShape,
    // The model has no range here: AWS checks 7–30 itself, with its own error.
    RecoveryWindowInDays: t.integer(),
    ForceDeleteWithoutRecovery: t.boolean(),
  }),
  handle(input, ctx) {
    const days = input.RecoveryWindowInDays;
    if (days !== undefined && (days < 7 || days > 30)) {
      throw secretErrors.invalidParameter('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
    }
    if (days !== undefined && input.ForceDeleteWithoutRecovery) {
      throw secretErrors.invalidParameter(
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
      );
    }
    const secret = findSecret(ctx, input.SecretId);
    if (!secret) throw secretErrors.notFound();
    const now = ctx.nowMs();
    if (input.ForceDeleteWithoutRecovery) {
      delete secretsOf(ctx)[secret.name];
      return { ARN: secret.arn, Name: secret.name, DeletionDate: new Date(now) };
    }
    if (isScheduledForDeletion(secret)) throw secretErrors.markedForDeletion();
    secret.deletedAtMs = now;
    secret.deletionDateMs = now + (days ?? 30) * DAY_MS;
    secret.lastChangedAtMs = now;
    return { ARN: secret.arn, Name: secret.name, DeletionDate: new Date(secret.deletionDateMs) };
  },
});
