import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { readSecretValue } from '../read-version.ts';
import { secretIdShape, versionIdShape, versionStageShape } from '../shapes.ts';
import type { SecretsManagerState } from '../state.ts';

interface Input {
  SecretId: string;
  VersionId?: string;
  VersionStage?: string;
}

export const GetSecretValue = defineOperation<SecretsManagerState, Input>({
  input: t.structure({
    SecretId: secretIdShape,
    VersionId: versionIdShape,
    VersionStage: versionStageShape,
  }),
  handle(input, ctx) {
    return readSecretValue(ctx, input.SecretId, input.VersionId, input.VersionStage);
  },
});
