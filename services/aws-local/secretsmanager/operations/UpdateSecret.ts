import { randomUUID } from 'node:crypto';
import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { secretErrors } from '../errors.js';
import { requireActiveSecret } from '../secret-lookup.js';
import { checkSecretValue, sameValue } from '../secret-value.js';
import {
  clientRequestTokenShape,
  descriptionShape,
  kmsKeyIdShape,
  secretBinaryShape,
  secretIdShape,
  secretStringShape,
} from '../shapes.js';
import type { SecretsManagerState } from '../state.js';
import { addVersion, findVersion } from '../versions.js';

interface Input {
  SecretId: string;
  ClientRequestToken?: string;
  Description?: string;
  KmsKeyId?: string;
  SecretBinary?: Buffer;
  SecretString?: string;
}

/**
 * Changes the description or KMS key; a value creates a new AWSCURRENT
 * version with PutSecretValue's token rules.
 */
export const UpdateSecret = defineOperation<SecretsManagerState, Input>({
  mutates: true,
  input: t.structure({
    SecretId: secretIdShape,
    ClientRequestToken: clientRequestTokenShape,
    Description: descriptionShape,
    KmsKeyId: kmsKeyIdShape,
    SecretBinary: secretBinaryShape,
    SecretString: secretStringShape,
  }),
  handle(input, ctx) {
    const value = checkSecretValue(input);
    const secret = requireActiveSecret(ctx, input.SecretId);
    let versionId: string | undefined;
    if (value) {
      const token = input.ClientRequestToken ?? randomUUID();
      versionId = token;
      const existing = findVersion(secret, token);
      if (existing && !sameValue(existing, value)) throw secretErrors.tokenInUse(token, secret.arn);
      if (!existing) addVersion(secret, token, value, undefined, ctx.nowMs());
    }
    if (input.Description !== undefined) secret.description = input.Description;
    if (input.KmsKeyId !== undefined) secret.kmsKeyId = input.KmsKeyId;
    secret.lastChangedAtMs = ctx.nowMs();
    return { ARN: secret.arn, Name: secret.name, VersionId: versionId };
  },
});
