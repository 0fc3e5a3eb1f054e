import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { AwsError } from '../../protocol/aws-error.js';
import { secretErrors } from '../errors.js';
import { paginate } from '../paging.js';
import { readSecretValue } from '../read-version.js';
import { matchesFilters } from '../secret-filters.js';
import { isScheduledForDeletion, liveSecrets } from '../secret-lookup.js';
import { filtersShape, nextTokenShape, type SecretFilter } from '../shapes.js';
import type { SecretsManagerState } from '../state.js';

interface Input {
  SecretIdList?: string[];
  Filters?: SecretFilter[];
  MaxResults?: number;
  NextToken?: string;
}

/** Up to 20 secrets in one call (AWS's limit); newer than Debian's AWS CLI. */
export const BatchGetSecretValue = defineOperation<SecretsManagerState, Input>({
  input: t.structure({
    SecretIdList: t.list(t.string({ min: 1, max: 2048 }), { min: 1, max: 20 }),
    Filters: filtersShape,
    MaxResults: t.integer({ min: 1, max: 20 }),
    NextToken: nextTokenShape,
  }),
  handle(input, ctx) {
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
    const page = paginate(matching, 'BatchGetSecretValue', input.MaxResults ?? 20, input.NextToken);
    const SecretValues = [];
    const Errors = [];
    for (const secret of page.items) {
      try {
        SecretValues.push(readSecretValue(ctx, secret.arn));
      } catch (err) {
        if (!(err instanceof AwsError)) throw err;
        Errors.push({ SecretId: secret.arn, ErrorCode: err.type, Message: err.message });
      }
    }
    return { SecretValues, Errors, NextToken: page.nextToken };
  },
});
