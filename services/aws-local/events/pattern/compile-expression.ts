import { checkWildcard } from './check-wildcard.ts';
import { compileCidr } from './compile-cidr.ts';
import { compileNumeric } from './compile-numeric.ts';
import { isObject } from './json-shape.ts';
import { wildcardRegex, type Matcher } from './matchers.ts';
import { EventPatternError, requireString } from './pattern-error.ts';

/** One `{ "operator": argument }` object inside a value list. */
export function compileExpression(expression: Record<string, unknown>): Matcher {
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
