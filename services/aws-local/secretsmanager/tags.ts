/** Tag rules shared by CreateSecret and TagResource. */
import { secretErrors } from './errors.ts';
import type { SecretTag } from './state.ts';

/** AWS allows 50 tags per resource. */
export const MAX_TAGS = 50;

/** Returns the tags as stored; a key given twice keeps its last value. */
export function checkTags(tags: readonly { Key?: string; Value?: string }[]): SecretTag[] {
  for (const tag of tags) {
    if (tag.Key === undefined) throw secretErrors.invalidParameter('A tag key must not be null.');
  }
  return mergeTags([], tags as SecretTag[]);
}

export function mergeTags(
  existing: readonly SecretTag[],
  added: readonly { Key: string; Value?: string }[],
): SecretTag[] {
  const merged = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const tag of added) merged.set(tag.Key, tag.Value ?? '');
  if (merged.size > MAX_TAGS) {
    throw secretErrors.invalidParameter(`You can't have more than ${MAX_TAGS} tags on a secret.`);
  }
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}
