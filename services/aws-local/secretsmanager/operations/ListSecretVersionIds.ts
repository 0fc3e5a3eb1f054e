import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { paginate, pageRequest } from '../../core/paginate.ts';
import { secretsPaging } from '../paging.ts';
import { requireSecret } from '../secret-lookup.ts';
import { nextTokenShape, secretIdShape } from '../shapes.ts';
import type { SecretsManagerState } from '../state.ts';

interface Input {
  SecretId: string;
  MaxResults?: number;
  NextToken?: string;
  IncludeDeprecated?: boolean;
}

/** Newest version first; deprecated (unlabelled) versions only on request. */
export const ListSecretVersionIds = defineOperation<SecretsManagerState, Input>({
  input: t.structure({
    SecretId: secretIdShape,
    MaxResults: t.integer({ min: 1, max: 100 }),
    NextToken: nextTokenShape,
    IncludeDeprecated: t.boolean(),
  }),
  handle(input, ctx) {
    const secret = requireSecret(ctx, input.SecretId);
    const versions = secret.versions.filter((v) => input.IncludeDeprecated || v.stages.length > 0).reverse();
    const page = paginate(versions, pageRequest(input), secretsPaging(`ListSecretVersionIds:${secret.arn}`, 100));
    return {
      Versions: page.items.map((v) => ({
        VersionId: v.versionId,
        VersionStages: v.stages.length > 0 ? [...v.stages] : undefined,
        LastAccessedDate: v.lastAccessedDayMs === undefined ? undefined : new Date(v.lastAccessedDayMs),
        CreatedDate: new Date(v.createdAtMs),
        KmsKeyIds: [secret.kmsKeyId ?? 'DefaultEncryptionKey'],
      })),
      NextToken: page.nextToken,
      ARN: secret.arn,
      Name: secret.name,
    };
  },
});
