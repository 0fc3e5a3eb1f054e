import { randomUUID } from 'node:crypto';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { secretErrors } from '../errors.ts';
import { requireActiveSecret } from '../secret-lookup.ts';
import { checkSecretValue, sameValue } from '../secret-value.ts';
import {
  clientRequestTokenShape,
  descriptionShape,
  kmsKeyIdShape,
  secretBinaryShape,
  secretIdShape,
  secretStringShape,
} from '../shapes.ts';
import type { SecretsManagerState } from '../state.ts';
import { addVersion, findVersion } from '../versions.ts';

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
