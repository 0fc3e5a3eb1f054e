/**
 * What Secrets Manager keeps per region; plain JSON, persisted in the state
 * file (mode 0600: it is "the AWS side", so secret values live here).
 * Timestamps are epoch milliseconds of the shared clock.
 */

export interface SecretTag {
  Key: string;
  Value: string;
}

export interface StoredVersion {
  versionId: string;
  createdAtMs: number;
  /** Staging labels; an empty list marks the version deprecated (prunable). */
  stages: string[];
  /** Exactly one of these two holds the value. */
  secretString?: string;
  secretBinaryBase64?: string;
  /** Midnight UTC of the last read: AWS keeps only the date. */
  lastAccessedDayMs?: number;
}

export interface StoredSecret {
  arn: string;
  name: string;
  description?: string;
  kmsKeyId?: string;
  tags: SecretTag[];
  createdAtMs: number;
  lastChangedAtMs: number;
  lastAccessedDayMs?: number;
  /** When DeleteSecret was called; set while the secret is scheduled for deletion. */
  deletedAtMs?: number;
  /** End of the recovery window: from then on the secret is gone (computed on read). */
  deletionDateMs?: number;
  /** Oldest first. */
  versions: StoredVersion[];
}

export interface SecretsManagerState {
  /** By secret name (unique within a region). */
  secrets: Record<string, StoredSecret>;
}

export function initialSecretsManagerState(): SecretsManagerState {
  return { secrets: {} };
}
