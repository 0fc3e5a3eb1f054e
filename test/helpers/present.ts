/**
 * Lookups for tests that also narrow the type: a missing element or value
 * fails the test with a message saying what was missing, instead of a
 * TypeError a few lines further on.
 */

/** `list.at(index)` (negative counts from the end); throws when the list is missing or too short. */
export function nth<T>(list: readonly T[] | undefined, index: number, what = 'list'): T {
  const item = list?.at(index);
  if (item === undefined) throw new Error(`${what} has no element ${index} (length ${list?.length ?? 'undefined'})`);
  return item;
}

/** `value`, or a thrown error naming `what` when it is undefined or null. */
export function present<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, got ${String(value)}`);
  return value;
}
