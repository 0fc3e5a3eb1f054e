/** How a secret's metadata appears in DescribeSecret and ListSecrets (never its value). */
import { versionIdsToStages } from './versions.ts';
import type { StoredSecret } from './state.ts';

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

/** The members DescribeSecret and ListSecrets share; AWS omits the ones without a value. */
function commonFields(secret: StoredSecret) {
  return {
    ARN: secret.arn,
    Name: secret.name,
    Description: secret.description,
    KmsKeyId: secret.kmsKeyId,
    // aws-local never rotates; AWS answers RotationEnabled false for such secrets.
    RotationEnabled: false,
    LastChangedDate: date(secret.lastChangedAtMs),
    LastAccessedDate: date(secret.lastAccessedDayMs),
    DeletedDate: date(secret.deletedAtMs),
    Tags: secret.tags.length > 0 ? secret.tags.map((tag) => ({ ...tag })) : undefined,
    CreatedDate: date(secret.createdAtMs),
  };
}

export function describeSecretView(secret: StoredSecret) {
  return { ...commonFields(secret), VersionIdsToStages: versionIdsToStages(secret) };
}

export function listEntryView(secret: StoredSecret) {
  return { ...commonFields(secret), SecretVersionsToStages: versionIdsToStages(secret) };
}
