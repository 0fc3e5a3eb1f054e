/**
 * EventBridge event patterns: validation (`parseEventPattern`) and matching
 * (`matchesEventPattern`) with EventBridge's semantics, used by PutRule,
 * TestEventPattern and the bus that routes events to rules.
 *
 * A pattern matches an event when, for one of its alternatives (`$or` makes
 * several), every field path it names has a leaf in the event passing one of
 * the path's tests. Arrays in the event match when any element does;
 * `exists: false` holds when the path has no leaf at all (a missing parent or
 * an object-valued field count as absent, as EventBridge defines it).
 */
import { compilePattern, EventPatternError, type Alternative } from './pattern/compile.ts';
import { consistent, flattenEvent, type FlatEvent, type FlatLeaf } from './pattern/flatten.ts';
import { leafMatches, type Matcher } from './pattern/matchers.ts';

export { EventPatternError };

export interface EventPattern {
  readonly alternatives: readonly Alternative[];
}

/** The prefix of every InvalidEventPatternException message. */
export function invalidPatternMessage(reason: string): string {
  return `Event pattern is not valid. Reason: ${reason}`;
}

/** Parses and validates a pattern's JSON text; throws `EventPatternError` with EventBridge's reason. */
export function parseEventPattern(text: string): EventPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new EventPatternError((err as Error).message);
  }
  return { alternatives: compilePattern(parsed) };
}

export function matchesEventPattern(pattern: EventPattern, event: Record<string, unknown>): boolean {
  const flat = flattenEvent(event);
  return pattern.alternatives.some((alternative) => alternativeMatches(alternative, flat));
}

function alternativeMatches(alternative: Alternative, flat: FlatEvent): boolean {
  // For each field: the leaves that pass one of its tests, or "satisfied" when
  // the field is absent and the tests include `exists: false`.
  const choices: FlatLeaf[][] = [];
  for (const [path, matchers] of alternative) {
    const leaves = flat.get(path) ?? [];
    if (leaves.length === 0) {
      if (matchers.some(isAbsence)) continue;
      return false;
    }
    const passing = leaves.filter((leaf) => matchers.some((m) => !isAbsence(m) && leafMatches(m, leaf.value)));
    if (passing.length === 0) return false;
    choices.push(passing);
  }
  return chooseConsistently(choices, 0, []);
}

/** Picks one leaf per field so that no two come from different elements of the same array. */
function chooseConsistently(choices: FlatLeaf[][], field: number, chosen: FlatLeaf[]): boolean {
  const leaves = choices[field];
  if (leaves === undefined) return true; // every field has a leaf chosen
  return leaves.some(
    (leaf) =>
      chosen.every((other) => consistent(leaf, other)) && chooseConsistently(choices, field + 1, [...chosen, leaf]),
  );
}

function isAbsence(matcher: Matcher): boolean {
  return matcher.kind === 'exists' && !matcher.exists;
}
