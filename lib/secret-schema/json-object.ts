import { SecretSchemaError } from './errors.ts';

/** Parses a SecretString that must be a JSON object; errors never quote the text (it holds keys). */
export function parseJsonObject(text: string, secretId: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SecretSchemaError(secretId, undefined, 'is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SecretSchemaError(secretId, undefined, 'is not a JSON object');
  }
  return value as Record<string, unknown>;
}
