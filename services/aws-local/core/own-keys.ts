/**
 * State records keyed by caller-chosen names (rule names, task definition
 * families, service names, idempotency tokens). A plain object answers
 * `record['constructor']` with Object's constructor and treats an assignment
 * to `record['__proto__']` as changing its prototype; AWS allows such names
 * (`__proto__` matches a rule-name pattern), so reads and writes go through
 * these two, which see only the record's own entries.
 */
export function ownEntry<V>(record: Record<string, V> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets an own entry, even for `__proto__`, and returns the value. */
export function setOwnEntry<V>(record: Record<string, V>, key: string, value: V): V {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}
