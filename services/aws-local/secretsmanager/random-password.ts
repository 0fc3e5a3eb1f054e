/**
 * GetRandomPassword's generator. Randomness comes from `crypto.randomInt`
 * (a CSPRNG, uniform without modulo bias), never from Math.random.
 */
import { randomInt } from 'node:crypto';
import { secretErrors } from './errors.ts';

/** AWS's punctuation set. */
export const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';
const UPPERCASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';

export interface PasswordOptions {
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeLowercase?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
}

/** The character classes in play, each without the excluded characters; empty classes drop out. */
function characterClasses(options: PasswordOptions): string[] {
  const excluded = new Set(options.ExcludeCharacters ?? '');
  const classes: string[] = [];
  if (!options.ExcludeLowercase) classes.push(LOWERCASE);
  if (!options.ExcludeUppercase) classes.push(UPPERCASE);
  if (!options.ExcludeNumbers) classes.push(DIGITS);
  if (!options.ExcludePunctuation) classes.push(PUNCTUATION);
  if (options.IncludeSpace) classes.push(' ');
  return classes.map((c) => [...c].filter((ch) => !excluded.has(ch)).join('')).filter((c) => c.length > 0);
}

const pick = (chars: string): string => chars.charAt(randomInt(chars.length));

export function randomPassword(options: PasswordOptions): string {
  const length = options.PasswordLength ?? 32;
  const requireEach = options.RequireEachIncludedType ?? true;
  const classes = characterClasses(options);
  if (classes.length === 0) {
    throw secretErrors.invalidParameter('The password cannot be generated because every character type is excluded.');
  }
  if (requireEach && length < classes.length) {
    throw secretErrors.invalidParameter('Password length is too short based on the required types.');
  }
  const all = classes.join('');
  const chars = requireEach ? classes.map(pick) : [];
  while (chars.length < length) chars.push(pick(all));
  // Fisher–Yates, so the required characters do not sit at fixed positions.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    // 0 <= j <= i < chars.length: both elements exist.
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
