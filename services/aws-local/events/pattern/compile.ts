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
import { compileExpression } from './compile-expression.ts';
import { isObject } from './json-shape.ts';
import type { Leaf, Matcher } from './matchers.ts';
import { EventPatternError } from './pattern-error.ts';

export { EventPatternError } from './pattern-error.ts';

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
