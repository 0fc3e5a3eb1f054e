/**
 * Secret versions and their staging labels. A label sits on at most one
 * version; moving AWSCURRENT hands AWSPREVIOUS to the version it left. A
 * version without labels is deprecated: AWS keeps about 100 versions and
 * removes deprecated ones, but never one created less than 24 hours ago.
 */
import { secretErrors } from './errors.ts';
import type { StoredValue } from './secret-value.ts';
import type { StoredSecret, StoredVersion } from './state.ts';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
export const MAX_VERSIONS = 100;
const PRUNE_MIN_AGE_MS = 24 * 3_600_000;

export function findVersion(secret: StoredSecret, versionId: string): StoredVersion | undefined {
  return secret.versions.find((v) => v.versionId === versionId);
}

export function versionWithStage(secret: StoredSecret, stage: string): StoredVersion | undefined {
  return secret.versions.find((v) => v.stages.includes(stage));
}

function removeStage(version: StoredVersion, stage: string): void {
  version.stages = version.stages.filter((s) => s !== stage);
}

/** Puts `stage` on `target`, taking it off whichever version held it. */
export function attachStage(secret: StoredSecret, stage: string, target: StoredVersion): void {
  const holder = versionWithStage(secret, stage);
  if (holder === target) return;
  if (holder) removeStage(holder, stage);
  target.stages.push(stage);
  if (stage === AWSCURRENT && holder) attachStage(secret, AWSPREVIOUS, holder);
}

export function detachStage(version: StoredVersion, stage: string): void {
  removeStage(version, stage);
}

/**
 * Makes room for one more version: removes the oldest deprecated versions
 * that are at least 24 hours old; when that is not enough, the quota is reached.
 */
function makeRoomForVersion(secret: StoredSecret, nowMs: number): void {
  while (secret.versions.length >= MAX_VERSIONS) {
    const index = secret.versions.findIndex((v) => v.stages.length === 0 && nowMs - v.createdAtMs >= PRUNE_MIN_AGE_MS);
    if (index < 0) throw secretErrors.tooManyVersions();
    secret.versions.splice(index, 1);
  }
}

/**
 * Adds a version holding `value` with `stages` (AWSCURRENT when omitted, and
 * always on a secret's first version), moving each label from its old holder.
 */
export function addVersion(
  secret: StoredSecret,
  versionId: string,
  value: StoredValue,
  stages: readonly string[] | undefined,
  nowMs: number,
): StoredVersion {
  makeRoomForVersion(secret, nowMs);
  const labels = new Set(stages ?? [AWSCURRENT]);
  if (secret.versions.length === 0) labels.add(AWSCURRENT);
  const version: StoredVersion = { versionId, createdAtMs: nowMs, stages: [], ...value };
  secret.versions.push(version);
  for (const label of labels) attachStage(secret, label, version);
  secret.lastChangedAtMs = nowMs;
  return version;
}

/** `VersionIdsToStages`: only versions that still carry a label. */
export function versionIdsToStages(secret: StoredSecret): Record<string, string[]> | undefined {
  const labelled = secret.versions.filter((v) => v.stages.length > 0);
  if (labelled.length === 0) return undefined;
  return Object.fromEntries(labelled.map((v) => [v.versionId, [...v.stages]]));
}
