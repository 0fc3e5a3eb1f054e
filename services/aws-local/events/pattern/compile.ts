/**
 * Turns an EventBridge event pattern (already parsed JSON) into alternatives
 * of flattened field paths and the value tests each path must pass, rejecting
 * what EventBridge rejects with its own reasons ("Empty arrays are not
 * allowed", "Unrecognized match type EXISTS", ...).
 *
 * Paths are the field names joined with "." (as EventBridge's matcher flattens
 * both the pattern and the event), so `{"a":{"b":[1]}}` and `{"a.b":[1]}` are
 * the same pattern. `$or` multiplies the alternatives: every alternative must
 * hold all of its paths; the pattern matches when any alternative does.
 */
import { BlockList, isIP } from 'node:net';
import { wildcardRegex, type Bound, type Leaf, type Matcher } from './matchers.js';

/** A pattern EventBridge would refuse; `reason` is the text after "Reason: ". */
export class EventPatternError extends Error {
  override readonly name = 'EventPatternError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Every path of one alternative must match; each path lists tests of which one must pass. */
export type Alternative = Map<string, Matcher[]>;

const OR = '$or';
/** Operator names cannot be field names inside `$or` (they would be ambiguous). */
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
]);

export function compilePattern(pattern: unknown): Alternative[] {
  if (!isObject(pattern)) throw new EventPatternError('Filter is not an object');
  const alternatives: Alternative[] = [];
  compileObject(pattern, [], alternatives, false);
  return alternatives.length > 0 ? alternatives : [new Map()];
}

function compileObject(
  object: Record<string, unknown>,
  path: string[],
  alternatives: Alternative[],
  insideOr: boolean,
): void {
  const entries = Object.entries(object);
  if (entries.length === 0) throw new EventPatternError('Empty objects are not allowed');
  for (const [name, value] of entries) {
    if (name === OR) {
      compileOr(value, path, alternatives);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(name)) {
      throw new EventPatternError(`${name} is Ruler reserved fieldName which cannot be used inside ${OR}.`);
    }
    if (isObject(value)) {
      compileObject(value, [...path, name], alternatives, insideOr);
    } else if (Array.isArray(value)) {
      const matchers = compileValueList(value);
      if (alternatives.length === 0) alternatives.push(new Map());
      const key = [...path, name].join('.');
      for (const alternative of alternatives) alternative.set(key, matchers);
    } else {
      throw new EventPatternError(`"${name}" must be an object or an array`);
    }
  }
}

function compileOr(value: unknown, path: string[], alternatives: Alternative[]): void {
  if (!Array.isArray(value)) throw new EventPatternError(`It must be an Array followed with ${OR}.`);
  const before = alternatives.length > 0 ? alternatives.splice(0) : [new Map<string, Matcher[]>()];
  for (const branch of value) {
    if (!isObject(branch)) throw new EventPatternError(`Only JSON object is allowed in array of ${OR} relationship.`);
    const copies = before.map((alternative) => new Map(alternative));
    compileObject(branch, path, copies, true);
    alternatives.push(...copies);
  }
  if (value.length < 2) throw new EventPatternError(`There must have at least 2 Objects in ${OR} relationship.`);
}

function compileValueList(values: unknown[]): Matcher[] {
  if (values.length === 0) throw new EventPatternError('Empty arrays are not allowed');
  return values.map((value): Matcher => {
    if (isObject(value)) return compileExpression(value);
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      return { kind: 'exact', value: value as Leaf };
    }
    throw new EventPatternError('Match value must be String, number, true, false, or null');
  });
}

/** One `{ "operator": argument }` object inside a value list. */
function compileExpression(expression: Record<string, unknown>): Matcher {
  const entries = Object.entries(expression);
  if (entries.length === 0) throw new EventPatternError('Match expression name not found');
  const [[operator, argument]] = entries as [[string, unknown]];
  const onlyOneKey = (message = 'Only one key allowed in match expression') => {
    if (entries.length > 1) throw new EventPatternError(message);
  };
  switch (operator) {
    case 'prefix':
    case 'suffix': {
      const matcher = compilePrefixOrSuffix(operator, argument);
      onlyOneKey();
      return matcher;
    }
    case 'equals-ignore-case': {
      const value = requireString(argument, 'equals-ignore-case match pattern must be a string');
      onlyOneKey();
      return { kind: 'equals-ignore-case', value };
    }
    case 'wildcard': {
      const value = requireString(argument, 'wildcard match pattern must be a string');
      checkWildcard(value);
      onlyOneKey();
      return { kind: 'wildcard', regex: wildcardRegex(value) };
    }
    case 'numeric': {
      if (!Array.isArray(argument)) throw new EventPatternError('Value of numeric must be an array.');
      const matcher = compileNumeric(argument);
      onlyOneKey('Too many elements in numeric expression');
      return matcher;
    }
    case 'anything-but': {
      const matcher = compileAnythingBut(argument);
      onlyOneKey('Too many elements in numeric expression');
      return matcher;
    }
    case 'exists': {
      if (typeof argument !== 'boolean')
        throw new EventPatternError('exists match pattern must be either true or false.');
      onlyOneKey();
      return { kind: 'exists', exists: argument };
    }
    case 'cidr': {
      // EventBridge really words a non-string CIDR this way.
      const value = requireString(argument, 'prefix match pattern must be a string');
      const matcher = compileCidr(value);
      onlyOneKey();
      return matcher;
    }
    default:
      throw new EventPatternError(`Unrecognized match type ${operator}`);
  }
}

function compilePrefixOrSuffix(operator: 'prefix' | 'suffix', argument: unknown): Matcher {
  if (isObject(argument)) {
    // Only `{"prefix": {"equals-ignore-case": "..."}}` (and the suffix twin) exists.
    const inner = Object.entries(argument);
    const title = operator === 'prefix' ? 'Prefix' : 'Suffix';
    if (inner.length === 0) throw new EventPatternError(`${title} expression name not found`);
    const [[name, value]] = inner as [[string, unknown]];
    if (name !== 'equals-ignore-case') throw new EventPatternError(`Unsupported ${operator} pattern: ${name}`);
    const text = requireString(value, 'equals-ignore-case match pattern must be a string');
    if (inner.length > 1) throw new EventPatternError('Only one key allowed in match expression');
    return { kind: operator, value: text, ignoreCase: true };
  }
  const text = requireString(argument, `${operator} match pattern must be a string`);
  return { kind: operator, value: text, ignoreCase: false };
}

function compileAnythingBut(argument: unknown): Matcher {
  if (isObject(argument)) return compileAnythingButOf(argument);
  if (typeof argument === 'string' || typeof argument === 'number') {
    return { kind: 'anything-but', values: [argument] };
  }
  if (!Array.isArray(argument)) {
    throw new EventPatternError('Value of anything-but must be an array or single string/number value.');
  }
  for (const value of argument) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new EventPatternError('Inside anything but list, start|null|boolean is not supported.');
    }
  }
  const strings = argument.filter((v) => typeof v === 'string').length;
  if (argument.length === 0 || (strings > 0 && strings < argument.length)) {
    // Empty, or strings and numbers mixed.
    throw new EventPatternError(
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    );
  }
  return { kind: 'anything-but', values: argument as (string | number)[] };
}

/** `{"anything-but": {"prefix" | "suffix" | "equals-ignore-case" | "wildcard": value-or-list}}` */
function compileAnythingButOf(argument: Record<string, unknown>): Matcher {
  const inner = Object.entries(argument);
  if (inner.length === 0) throw new EventPatternError('Anything-But expression name not found');
  const [[operator, value]] = inner as [[string, unknown]];
  if (!['equals-ignore-case', 'prefix', 'suffix', 'wildcard'].includes(operator)) {
    throw new EventPatternError(`Unsupported anything-but pattern: ${operator}`);
  }
  if (typeof value !== 'string' && typeof value !== 'number' && !Array.isArray(value)) {
    throw new EventPatternError('Value of anything-but must be an array or single string/number value.');
  }
  const wrongType =
    operator === 'equals-ignore-case'
      ? 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'
      : operator === 'wildcard'
        ? 'wildcard match pattern must be a string'
        : 'prefix/suffix match pattern must be a string';
  const texts = (Array.isArray(value) ? value : [value]).map((item) => {
    const text = requireString(item, wrongType);
    if ((operator === 'prefix' || operator === 'suffix') && text === '') {
      throw new EventPatternError('Null prefix/suffix not allowed');
    }
    return text;
  });
  if (inner.length > 1) throw new EventPatternError('Too many elements in numeric expression');
  switch (operator) {
    case 'prefix':
      return { kind: 'anything-but-prefix', values: texts };
    case 'suffix':
      return { kind: 'anything-but-suffix', values: texts };
    case 'equals-ignore-case':
      return { kind: 'anything-but-ignore-case', values: texts };
    default:
      texts.forEach(checkWildcard);
      return { kind: 'anything-but-wildcard', regexes: texts.map(wildcardRegex) };
  }
}

/**
 * `["=", 5]`, `["<", 5]`, `["<=", 5]`, `[">", 0]`, `[">=", 0]`, or a lower
 * bound followed by an upper one: `[">", 0, "<=", 5]`.
 */
function compileNumeric(terms: unknown[]): Matcher {
  const [operator, value, upperOperator, upperValue, ...extra] = terms;
  if (typeof operator !== 'string') {
    throw new EventPatternError(`Invalid member in numeric match: ${terms.length === 0 ? ']' : tokenText(operator)}`);
  }
  const requireNumber = (candidate: unknown, label: string): number => {
    if (typeof candidate !== 'number') throw new EventPatternError(`Value of ${label} must be numeric`);
    return candidate;
  };
  const onlyTwo = () => {
    if (terms.length > 2) throw new EventPatternError('Too many elements in numeric expression');
  };
  switch (operator) {
    case '=': {
      const n = requireNumber(value, 'equals');
      onlyTwo();
      return { kind: 'numeric', lower: { value: n, inclusive: true }, upper: { value: n, inclusive: true } };
    }
    case '<':
    case '<=': {
      const n = requireNumber(value, operator);
      onlyTwo();
      return { kind: 'numeric', upper: { value: n, inclusive: operator === '<=' } };
    }
    case '>':
    case '>=': {
      const lower: Bound = { value: requireNumber(value, operator), inclusive: operator === '>=' };
      if (terms.length === 2) return { kind: 'numeric', lower };
      if (typeof upperOperator !== 'string') {
        throw new EventPatternError(`Bad value in numeric range: ${tokenText(upperOperator)}`);
      }
      if (upperOperator !== '<' && upperOperator !== '<=') {
        throw new EventPatternError(`Bad numeric range operator: ${upperOperator}`);
      }
      const upper: Bound = { value: requireNumber(upperValue, upperOperator), inclusive: upperOperator === '<=' };
      if (extra.length > 0) throw new EventPatternError('Too many terms in numeric range expression');
      return { kind: 'numeric', lower, upper };
    }
    default:
      throw new EventPatternError(`Unrecognized numeric range operator: ${operator}`);
  }
}

function compileCidr(text: string): Matcher {
  const parts = text.split('/');
  if (parts.length !== 2) throw new EventPatternError("Malformed CIDR, one '/' required");
  const [address, bitsText] = parts as [string, string];
  if (!/^-?\d+$/.test(bitsText)) throw new EventPatternError('Malformed CIDR, mask bits must be an integer');
  const bits = Number(bitsText);
  if (bits < 0) throw new EventPatternError('Malformed CIDR, mask bits must not be negative');
  const version = isIP(address);
  if (version === 0) throw new EventPatternError(`Nonstandard IP address: ${address}`);
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (family === 'ipv4' && bits > 31) throw new EventPatternError('IPv4 mask bits must be < 32');
  if (family === 'ipv6' && bits > 127) throw new EventPatternError('IPv6 mask bits must be < 128');
  const range = new BlockList();
  range.addSubnet(address, bits, family);
  return { kind: 'cidr', range, family };
}

/**
 * EventBridge's wildcard syntax: no `**`, and `\` may only escape `*` or `\`.
 * Positions count UTF-8 bytes from 1, as EventBridge reports them (its parser
 * sees the value behind an opening quote).
 */
function checkWildcard(value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x2a && bytes[i + 1] === 0x2a) {
      throw new EventPatternError(`Consecutive wildcard characters at pos ${i + 1}`);
    }
    if (bytes[i] === 0x5c) {
      if (bytes[i + 1] === 0x2a || bytes[i + 1] === 0x5c) {
        i++;
        continue;
      }
      throw new EventPatternError(`Invalid escape character at pos ${i + 1}`);
    }
  }
}

function requireString(value: unknown, message: string): string {
  if (typeof value !== 'string') throw new EventPatternError(message);
  return value;
}

function tokenText(value: unknown): string {
  if (value === undefined) return ']';
  if (Array.isArray(value)) return '[';
  if (isObject(value)) return '{';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
