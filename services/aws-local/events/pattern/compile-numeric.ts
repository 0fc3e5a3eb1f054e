import { tokenText } from './json-shape.ts';
import type { Bound, Matcher } from './matchers.ts';
import { EventPatternError } from './pattern-error.ts';

/**
 * `["=", 5]`, `["<", 5]`, `["<=", 5]`, `[">", 0]`, `[">=", 0]`, or a lower
 * bound followed by an upper one: `[">", 0, "<=", 5]`.
 */
export function compileNumeric(terms: unknown[]): Matcher {
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
