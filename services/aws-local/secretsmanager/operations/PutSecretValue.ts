import { randomUUID } from 'node:crypto';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { secretErrors } from '../errors.ts';
import { requireActiveSecret } from '../secret-lookup.ts';
import { checkSecretValue, sameValue } from '../secret-value.ts';
import {
  clientRequestTokenShape,
  secretBinaryShape,
  secretIdShape,
  secretStringShape,
  versionStagesShape,
} from '../shapes.ts';
import type { SecretsManagerState } from '../state.ts';
import { addVersion, findVersion } from '../versions.ts';

interface Input {
  SecretId: string;
  ClientRequestToken?: string;
  SecretBinary?: Buffer;
  SecretString?: string;
  VersionStages?: string[];
}

/**
 * Adds a version. The ClientRequestToken becomes its VersionId: the same
 * token with the same value is a no-op (retries are safe), with another value
 * a ResourceExistsException. Without VersionStages, AWSCURRENT moves to the
 * new version and AWSPREVIOUS to the one that held AWSCURRENT.
 */
export const PutSecretValue = defineOperation<SecretsManagerState, Input>({
  mutates: true,
  input: t.structure({
    SecretId: secretIdShape,
    ClientRequestToken: clientRequestTokenShape,
    SecretBinary: secretBinaryShape,
    SecretString: secretStringShape,
    VersionStages: versionStagesShape,
  }),
  handle(input, ctx) {
    const value = checkSecretValue(input);
    if (!value) throw secretErrors.noValue();
    const secret = requireActiveSecret(ctx, input.SecretId);
    const versionId = input.ClientRequestToken ?? randomUUID();
    const existing = findVersion(secret, versionId);
    if (existing) {
      if (!sameValue(existing, value)) throw secretErrors.tokenInUse(versionId, secret.arn);
      return { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: [...existing.stages] };
    }
    const version = addVersion(secret, versionId, value, input.VersionStages, ctx.nowMs());
    return { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: [...version.stages] };
  },
});
