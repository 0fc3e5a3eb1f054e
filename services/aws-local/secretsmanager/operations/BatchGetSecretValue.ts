import { defineOperation, type OperationContext } from '../../protocol/service.ts';
import { batchItemAuthorization } from '../authorization.ts';
import { t } from '../../protocol/shape.ts';
import { AwsError } from '../../core/aws-error.ts';
import { secretErrors } from '../errors.ts';
import { paginate, pageRequest } from '../../core/paginate.ts';
import { secretsPaging } from '../paging.ts';
import { readSecretValue } from '../read-version.ts';
import { matchesFilters } from '../secret-filters.ts';
import { isScheduledForDeletion, liveSecrets } from '../secret-lookup.ts';
import { filtersShape, nextTokenShape, type SecretFilter } from '../shapes.ts';
import type { SecretsManagerState } from '../state.ts';

interface Input {
  SecretIdList?: string[];
  Filters?: SecretFilter[];
  MaxResults?: number;
  NextToken?: string;
}

/**
 * IAM: the call needs BatchGetSecretValue (and ListSecrets with Filters) on
 * `*` (secretsmanager/authorization.ts); each secret needs GetSecretValue, and
 * a secret the caller may not read becomes an `AccessDeniedException` entry in
 * `Errors`, as AWS documents, while the others are still returned.
 */
async function authorizeItem(ctx: OperationContext<SecretsManagerState>, secretId: string): Promise<void> {
  const denied = await ctx.authorize(batchItemAuthorization(ctx, secretId));
  if (denied) throw denied;
}

/** Up to 20 secrets in one call (AWS's limit); newer than Debian's AWS CLI. */
export const BatchGetSecretValue = defineOperation<SecretsManagerState, Input>({
  input: t.structure({
    SecretIdList: t.list(t.string({ min: 1, max: 2048 }), { min: 1, max: 20 }),
    Filters: filtersShape,
    MaxResults: t.integer({ min: 1, max: 20 }),
    NextToken: nextTokenShape,
  }),
  async handle(input, ctx) {
    if ((input.SecretIdList === undefined) === (input.Filters === undefined)) {
      throw secretErrors.invalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
    }
    if (input.MaxResults !== undefined && input.Filters === undefined) {
      throw secretErrors.invalidParameter(
        "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.",
      );
    }
    if (input.SecretIdList) {
      // Each secret succeeds or fails on its own; the call itself succeeds.
      const SecretValues = [];
      const Errors = [];
      for (const secretId of input.SecretIdList) {
        try {
          await authorizeItem(ctx, secretId);
          SecretValues.push(readSecretValue(ctx, secretId));
        } catch (err) {
          if (!(err instanceof AwsError)) throw err;
          Errors.push({ SecretId: secretId, ErrorCode: err.type, Message: err.message });
        }
      }
      return { SecretValues, Errors };
    }
    const matching = Object.values(liveSecrets(ctx))
      .filter((s) => !isScheduledForDeletion(s) && matchesFilters(s, input.Filters, ctx.region))
      .sort((a, b) => a.createdAtMs - b.createdAtMs || a.name.localeCompare(b.name));
    const page = paginate(matching, pageRequest(input), secretsPaging('BatchGetSecretValue', 20));
    const SecretValues = [];
    const Errors = [];
    for (const secret of page.items) {
      try {
        await authorizeItem(ctx, secret.arn);
        SecretValues.push(readSecretValue(ctx, secret.arn));
      } catch (err) {
        if (!(err instanceof AwsError)) throw err;
        Errors.push({ SecretId: secret.arn, ErrorCode: err.type, Message: err.message });
      }
    }
    return { SecretValues, Errors, NextToken: page.nextToken };
  },
});
