import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { secretErrors } from '../errors.ts';
import { requireActiveSecret } from '../secret-lookup.ts';
import { secretIdShape, versionIdShape, versionStageShape } from '../shapes.ts';
import type { SecretsManagerState } from '../state.ts';
import { AWSCURRENT, attachStage, detachStage, findVersion, versionWithStage } from '../versions.ts';

interface Input {
  SecretId: string;
  VersionStage: string;
  RemoveFromVersionId?: string;
  MoveToVersionId?: string;
}

/** AWS allows at most 20 staging labels on one version. */
const MAX_STAGES_PER_VERSION = 20;

/**
 * Moves or removes a staging label. A label attached to another version moves
 * only when RemoveFromVersionId names that version (so a caller cannot take
 * a label it did not know about); moving AWSCURRENT gives AWSPREVIOUS to the
 * version it left; AWSCURRENT itself can be moved but never removed.
 */
export const UpdateSecretVersionStage = defineOperation<SecretsManagerState, Input>({
  mutates: true,
  input: t.structure({
    SecretId: secretIdShape,
    VersionStage: t.required(versionStageShape),
    RemoveFromVersionId: versionIdShape,
    MoveToVersionId: versionIdShape,
  }),
  handle(input, ctx) {
    const secret = requireActiveSecret(ctx, input.SecretId);
    const stage = input.VersionStage;
    const target = input.MoveToVersionId === undefined ? undefined : findVersion(secret, input.MoveToVersionId);
    if (input.MoveToVersionId !== undefined && !target) {
      throw secretErrors.invalidParameter(`Not a valid version: ${input.MoveToVersionId}`);
    }
    const source = input.RemoveFromVersionId === undefined ? undefined : findVersion(secret, input.RemoveFromVersionId);
    if (input.RemoveFromVersionId !== undefined && !source) {
      throw secretErrors.invalidParameter(`Not a valid version: ${input.RemoveFromVersionId}`);
    }
    const holder = versionWithStage(secret, stage);
    if (source && holder !== source) {
      throw secretErrors.invalidParameter(`Version stage ${stage} not found in version ${source.versionId}`);
    }
    if (target) {
      if (holder && holder !== target && !source) {
        throw secretErrors.invalidParameter(
          `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
        );
      }
      if (holder !== target && target.stages.length >= MAX_STAGES_PER_VERSION) {
        throw new AwsError('LimitExceededException', 'A secret version can have at most 20 staging labels.');
      }
      attachStage(secret, stage, target);
    } else if (source) {
      if (stage === AWSCURRENT) {
        throw secretErrors.invalidParameter(
          "You can only move staging label AWSCURRENT to a different secret version. It can't be completely removed.",
        );
      }
      detachStage(source, stage);
    }
    secret.lastChangedAtMs = ctx.nowMs();
    return { ARN: secret.arn, Name: secret.name };
  },
});
