import { randomInt } from 'node:crypto';

/** Long enough to be unguessable, short enough for ACM's 128-character limit. */
export const PASSPHRASE_LENGTH = 48;
/** ACM rejects passphrases containing these. */
export const PASSPHRASE_EXCLUDED_CHARACTERS = '#$%';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const PUNCTUATION = "!&'()*+,-./:;<=>?@[]^_`{|}~";
const CLASSES = [LOWER, UPPER, DIGITS, PUNCTUATION];
const ALPHABET = CLASSES.join('');

/**
 * A random passphrase for encrypting one private key, from Node's CSPRNG
 * (`crypto.randomInt`, uniform): the same alphabet Secrets Manager's
 * GetRandomPassword would use without `#$%`, at least one character of each
 * class, and no AWS call (a renewal spends its calls on what only AWS can do).
 */
export function randomPassphrase(): string {
  const chars = Array.from({ length: PASSPHRASE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  // One of each class at distinct random positions: ~276 bits of entropy either way.
  const positions = new Set<number>();
  while (positions.size < CLASSES.length) positions.add(randomInt(PASSPHRASE_LENGTH));
  [...positions].forEach((position, i) => {
    const members = CLASSES[i]!;
    chars[position] = members[randomInt(members.length)]!;
  });
  return chars.join('');
}
