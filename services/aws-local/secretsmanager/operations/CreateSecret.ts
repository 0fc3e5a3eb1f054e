import { randomUUID } from 'node:crypto';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { secretErrors } from '../errors.ts';
import { checkSecretName, isScheduledForDeletion, liveSecret, secretsOf } from '../secret-lookup.ts';
import { checkSecretValue, sameValue } from '../secret-value.ts';
import {
  clientRequestTokenShape,
  descriptionShape,
  kmsKeyIdShape,
  secretBinaryShape,
  secretStringShape,
  tagListShape,
} from '../shapes.ts';
import type { SecretsManagerState, SecretTag, StoredSecret } from '../state.ts';
import { addVersion, findVersion } from '../versions.ts';
import { checkTags } from '../tags.ts';
import { newSecretArn } from '../new-secret-arn.ts';

interface Input {
  Name: string;
  ClientRequestToken?: string;
  Description?: string;
  KmsKeyId?: string;
  SecretBinary?: Buffer;
  SecretString?: string;
  Tags?: SecretTag[];
  AddReplicaRegions?: unknown[];
  ForceOverwriteReplicaSecret?: boolean;
}

export const CreateSecret = defineOperation<SecretsManagerState, Input>({
  mutates: true,
  input: t.structure({
    Name: t.required(t.string({ min: 1, max: 512 })),
    ClientRequestToken: clientRequestTokenShape,
    Description: descriptionShape,
    KmsKeyId: kmsKeyIdShape,
    SecretBinary: secretBinaryShape,
    SecretString: secretStringShape,
    Tags: tagListShape,
    AddReplicaRegions: t.list(t.structure({ Region: t.string({ min: 1, max: 128 }), KmsKeyId: t.string() }), {
      min: 1,
    }),
    ForceOverwriteReplicaSecret: t.boolean(),
  }),
  handle(input, ctx) {
    checkSecretName(input.Name);
    const value = checkSecretValue(input);
    const tags = checkTags(input.Tags ?? []);
    if (input.AddReplicaRegions) {
      throw secretErrors.invalidRequest('aws-local does not support replica regions (AddReplicaRegions).');
    }
    const existing = liveSecret(ctx, input.Name);
    if (existing) {
      if (isScheduledForDeletion(existing)) throw secretErrors.nameScheduledForDeletion();
      // The same request again (same token, same value) succeeds and changes nothing.
      const version = input.ClientRequestToken ? findVersion(existing, input.ClientRequestToken) : undefined;
      if (!version) throw secretErrors.alreadyExists(input.Name);
      if (!sameValue(version, value)) throw secretErrors.tokenInUse(version.versionId, existing.arn);
      return { ARN: existing.arn, Name: existing.name, VersionId: version.versionId };
    }
    const now = ctx.nowMs();
    const secret: StoredSecret = {
      arn: newSecretArn(ctx, input.Name),
      name: input.Name,
      description: input.Description,
      kmsKeyId: input.KmsKeyId,
      tags,
      createdAtMs: now,
      lastChangedAtMs: now,
      versions: [],
    };
    let versionId: string | undefined;
    if (value)
      versionId = addVersion(secret, input.ClientRequestToken ?? randomUUID(), value, undefined, now).versionId;
    secretsOf(ctx)[input.Name] = secret;
    return { ARN: secret.arn, Name: secret.name, VersionId: versionId };
  },
});
