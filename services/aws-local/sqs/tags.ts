import { sqsErrors } from './errors.ts';

/** "You can add up to 50 tags to an SQS queue." Keys 1–128 characters, values up to 256. */
export const MAX_QUEUE_TAGS = 50;

export function checkTags(tags: Record<string, string>, existing: Record<string, string> = {}): Record<string, string> {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128 || key.startsWith('aws:'))
      throw sqsErrors.invalidParameter(`Tag key '${key}' is invalid.`);
    if (value.length > 256) throw sqsErrors.invalidParameter(`Tag value for key '${key}' is too long.`);
  }
  const merged = { ...existing, ...tags };
  if (Object.keys(merged).length > MAX_QUEUE_TAGS)
    throw sqsErrors.invalidParameter(`Too many tags added for queue. Maximum is ${MAX_QUEUE_TAGS}.`);
  return merged;
}
