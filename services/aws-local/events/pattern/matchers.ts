/**
 * The value tests an event pattern is made of, and how each one judges one
 * leaf value of an event. A leaf is a JSON string, number, boolean or null;
 * objects and arrays are flattened away before matching (see flatten.ts).
 *
 * The semantics follow EventBridge's (aws/event-ruler): string operators only
 * match strings, `numeric` only matches JSON numbers, and every `anything-but`
 * form matches values of another type (a number, null) because they are not
 * the excluded strings.
 */
import { BlockList, isIPv4 } from 'node:net';

export type Leaf = string | number | boolean | null;

export type Matcher =
  | { kind: 'exact'; value: Leaf }
  | { kind: 'prefix'; value: string; ignoreCase: boolean }
  | { kind: 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'wildcard'; regex: RegExp }
  | { kind: 'anything-but'; values: readonly (string | number)[] }
  | { kind: 'anything-but-prefix'; values: readonly string[] }
  | { kind: 'anything-but-suffix'; values: readonly string[] }
  | { kind: 'anything-but-ignore-case'; values: readonly string[] }
  | { kind: 'anything-but-wildcard'; regexes: readonly RegExp[] }
  | { kind: 'numeric'; lower?: Bound; upper?: Bound }
  | { kind: 'cidr'; range: BlockList; family: 'ipv4' | 'ipv6' }
  | { kind: 'exists'; exists: boolean };

export interface Bound {
  value: number;
  inclusive: boolean;
}

/** True when `leaf` satisfies `matcher`. `exists: false` is decided per field, never per leaf. */
export function leafMatches(matcher: Matcher, leaf: Leaf): boolean {
  switch (matcher.kind) {
    case 'exact':
      return leaf === matcher.value;
    case 'prefix':
      return (
        typeof leaf === 'string' && fold(leaf, matcher.ignoreCase).startsWith(fold(matcher.value, matcher.ignoreCase))
      );
    case 'suffix':
      return (
        typeof leaf === 'string' && fold(leaf, matcher.ignoreCase).endsWith(fold(matcher.value, matcher.ignoreCase))
      );
    case 'equals-ignore-case':
      return typeof leaf === 'string' && leaf.toLowerCase() === matcher.value.toLowerCase();
    case 'wildcard':
      return typeof leaf === 'string' && matcher.regex.test(leaf);
    case 'anything-but':
      return !matcher.values.some((excluded) => excluded === leaf);
    case 'anything-but-prefix':
      return typeof leaf !== 'string' || !matcher.values.some((p) => leaf.startsWith(p));
    case 'anything-but-suffix':
      return typeof leaf !== 'string' || !matcher.values.some((s) => leaf.endsWith(s));
    case 'anything-but-ignore-case':
      return typeof leaf !== 'string' || !matcher.values.some((v) => v.toLowerCase() === leaf.toLowerCase());
    case 'anything-but-wildcard':
      return typeof leaf !== 'string' || !matcher.regexes.some((r) => r.test(leaf));
    case 'numeric':
      return typeof leaf === 'number' && withinBounds(leaf, matcher.lower, matcher.upper);
    case 'cidr':
      return typeof leaf === 'string' && ipInRange(leaf, matcher.range, matcher.family);
    case 'exists':
      // A leaf is present (null included); absence is the field's business.
      return matcher.exists;
  }
}

function fold(text: string, ignoreCase: boolean): string {
  return ignoreCase ? text.toLowerCase() : text;
}

function withinBounds(value: number, lower?: Bound, upper?: Bound): boolean {
  if (lower && (lower.inclusive ? value < lower.value : value <= lower.value)) return false;
  if (upper && (upper.inclusive ? value > upper.value : value >= upper.value)) return false;
  return true;
}

function ipInRange(text: string, range: BlockList, family: 'ipv4' | 'ipv6'): boolean {
  const leafFamily = isIPv4(text) ? 'ipv4' : 'ipv6';
  if (leafFamily !== family) return false;
  try {
    return range.check(text, family);
  } catch {
    // Not an IP address at all ("10.0.0.256"): it cannot be inside any range.
    return false;
  }
}

/**
 * A wildcard value as a regular expression: `*` is any run of characters,
 * `\*` a literal asterisk, `\\` a literal backslash. The caller has already
 * rejected consecutive wildcards and other escapes.
 */
export function wildcardRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '\\') {
      source += escapeRegex(pattern.charAt(++i));
    } else if (ch === '*') {
      source += '.*';
    } else {
      source += escapeRegex(ch);
    }
  }
  return new RegExp(`^${source}$`, 'su');
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}
