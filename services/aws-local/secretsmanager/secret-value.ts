/** The value a version holds: SecretString or SecretBinary, never both. */
import { secretErrors } from './errors.ts';
import type { StoredVersion } from './state.ts';

export interface ValueInput {
  SecretString?: string;
  SecretBinary?: Buffer;
}

export type StoredValue = Pick<StoredVersion, 'secretString' | 'secretBinaryBase64'>;

const MAX_SECRET_BYTES = 65_536;

/**
 * Checks the value members the way AWS does and returns what to store, or
 * undefined when the request carries no value. Errors never include the value.
 */
export function checkSecretValue(input: ValueInput): StoredValue | undefined {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) throw secretErrors.bothValues();
  if (input.SecretString !== undefined) {
    // The model's limit counts characters; the service limit is 65,536 bytes.
    if (Buffer.byteLength(input.SecretString, 'utf8') > MAX_SECRET_BYTES)
      throw secretErrors.valueTooLarge('secretString');
    return { secretString: input.SecretString };
  }
  if (input.SecretBinary !== undefined) return { secretBinaryBase64: input.SecretBinary.toString('base64') };
  return undefined;
}

export function sameValue(version: StoredVersion, value: StoredValue | undefined): boolean {
  return version.secretString === value?.secretString && version.secretBinaryBase64 === value?.secretBinaryBase64;
}

/** The value members of a GetSecretValue-style answer. */
export function valueOutput(version: StoredVersion): { SecretString?: string; SecretBinary?: Buffer } {
  if (version.secretBinaryBase64 !== undefined)
    return { SecretBinary: Buffer.from(version.secretBinaryBase64, 'base64') };
  return { SecretString: version.secretString };
}
