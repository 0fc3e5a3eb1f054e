import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { readSecretValue } from '../read-version.js';
import { secretIdShape, versionIdShape, versionStageShape } from '../shapes.js';
import type { SecretsManagerState } from '../state.js';

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
