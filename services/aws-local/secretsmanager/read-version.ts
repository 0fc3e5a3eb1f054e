/**
 * Reading a secret's value (GetSecretValue, BatchGetSecretValue): pick the
 * version, then record the access date as AWS does, by the day.
 */
import type { OperationContext } from '../protocol/service.ts';
import { secretErrors } from './errors.ts';
import { dayOf, requireActiveSecret } from './secret-lookup.ts';
import { valueOutput } from './secret-value.ts';
import type { SecretsManagerState, StoredSecret, StoredVersion } from './state.ts';
import { AWSCURRENT, findVersion, versionWithStage } from './versions.ts';

export function selectVersion(secret: StoredSecret, versionId?: string, versionStage?: string): StoredVersion {
  if (versionId !== undefined) {
    const version = findVersion(secret, versionId);
    if (!version) throw secretErrors.noValueForVersion(versionId);
    if (versionStage !== undefined && !version.stages.includes(versionStage)) throw secretErrors.stageNotOnVersion();
    return version;
  }
  const stage = versionStage ?? AWSCURRENT;
  const version = versionWithStage(secret, stage);
  if (!version) throw secretErrors.noValueForStage(stage);
  return version;
}

/**
 * The GetSecretValue answer for one secret. The access date is kept in memory
 * and reaches the state file with the next change (reads do not write the file).
 */
export function readSecretValue(
  ctx: OperationContext<SecretsManagerState>,
  secretId: string,
  versionId?: string,
  versionStage?: string,
) {
  const secret = requireActiveSecret(ctx, secretId);
  const version = selectVersion(secret, versionId, versionStage);
  const today = dayOf(ctx.nowMs());
  secret.lastAccessedDayMs = today;
  version.lastAccessedDayMs = today;
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    ...valueOutput(version),
    VersionStages: [...version.stages],
    CreatedDate: new Date(version.createdAtMs),
  };
}
