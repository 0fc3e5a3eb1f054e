import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { idempotencyToken } from '../shapes.ts';
import type { AcmState } from '../state.ts';
import { ownEntry, setOwnEntry } from '../../core/own-keys.ts';

/** ACM sends expiry events from at most 45 days before expiry. */
const MAX_DAYS_BEFORE_EXPIRY = 45;
const TOKEN_TTL_MS = 60 * 60 * 1000;

export default defineOperation<AcmState, { ExpiryEvents?: { DaysBeforeExpiry?: number }; IdempotencyToken: string }>({
  mutates: true,
  input: t.structure({
    ExpiryEvents: t.structure({ DaysBeforeExpiry: t.integer({ min: 1 }) }),
    IdempotencyToken: t.required(idempotencyToken),
  }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const days = input.ExpiryEvents?.DaysBeforeExpiry;
    if (days !== undefined && days > MAX_DAYS_BEFORE_EXPIRY) {
      throw new AwsError('ValidationException', `DaysBeforeExpiry must be between 1 and ${MAX_DAYS_BEFORE_EXPIRY}.`);
    }
    for (const [token, entry] of Object.entries(ctx.state.configurationTokens)) {
      if (entry.expiresAt <= nowMs) delete ctx.state.configurationTokens[token];
    }
    const fingerprint = JSON.stringify(input.ExpiryEvents ?? {});
    const remembered = ownEntry(ctx.state.configurationTokens, input.IdempotencyToken);
    if (remembered) {
      if (remembered.fingerprint !== fingerprint) {
        throw new AwsError(
          'ConflictException',
          'The idempotency token was already used with a different configuration.',
        );
      }
      return {};
    }
    if (days !== undefined) ctx.state.accountConfiguration.daysBeforeExpiry = days;
    setOwnEntry(ctx.state.configurationTokens, input.IdempotencyToken, {
      fingerprint,
      expiresAt: nowMs + TOKEN_TTL_MS,
    });
    return {};
  },
});
