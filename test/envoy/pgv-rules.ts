/**
 * protoc-gen-validate (PGV): the `(validate.rules)` annotations in Envoy's protos, which Envoy checks when
 * it loads a config (`envoy --mode validate` rejects a config that breaks one). protobufjs keeps each
 * annotation as a flattened option, e.g. `(validate.rules).string.min_len: 1` or
 * `(validate.rules).duration.gt.nanos: 0`; this module reads them back and checks a proto3-JSON value.
 *
 * Enforced: message/any/duration/timestamp `required`; string min/max length in characters and bytes,
 * `pattern`, `prefix`/`suffix`/`contains`, `in`/`not_in`, `well_known_regex` (HTTP header names and values,
 * strict or not), `ignore_empty`; bytes min/max length; number `const`/`lt`/`lte`/`gt`/`gte`/`in`/`not_in`
 * (also on wrapper types); bool `const`; enum `defined_only`/`in`/`not_in`/`const`; duration
 * `lt`/`lte`/`gt`/`gte`; repeated `min_items`/`max_items`/`unique` and `items` rules; map
 * `min_pairs`/`max_pairs` and `keys`/`values` rules. Oneof `(validate.required)` is checked by the caller,
 * which sees the whole message.
 */
export const RULES_PREFIX = '(validate.rules).';

/** A field's PGV rules with the prefix removed: `{ 'string.min_len': 1, 'duration.gt.nanos': 0 }`. */
export type Rules = Readonly<Record<string, unknown>>;

export function rulesOf(options: Readonly<Record<string, unknown>> | undefined): Rules {
  const rules: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options ?? {}))
    if (key.startsWith(RULES_PREFIX)) rules[key.slice(RULES_PREFIX.length)] = value;
  return rules;
}

/** The rules under `prefix.` (e.g. `repeated.items`), re-rooted: what they say about each item. */
export function subRules(rules: Rules, prefix: string): Rules {
  const sub: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rules))
    if (key.startsWith(`${prefix}.`)) sub[key.slice(prefix.length + 1)] = value;
  return sub;
}

/** The rule kind a field's rules are written for (`string`, `uint32`, `duration` …); one per field. */
export function ruleKind(rules: Rules): string | undefined {
  return Object.keys(rules)[0]?.split('.')[0];
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** `message.required`, `any.required`, `duration.required`, `timestamp.required`: the field must be set. */
export function isRequired(rules: Rules): boolean {
  return ['message', 'any', 'duration', 'timestamp'].some((kind) => rules[`${kind}.required`] === true);
}

// PGV's well-known regexes (validate.proto, KnownRegex), as its C++ validator applies them.
const HEADER_NAME_STRICT = /^:?[0-9a-zA-Z!#$%&'*+\-.^_|~`]+$/;
// eslint-disable-next-line no-control-regex
const HEADER_VALUE_STRICT = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;
// eslint-disable-next-line no-control-regex
const HEADER_LOOSE = /^[^\u0000\u000A\u000D]*$/;

function checkString(value: string, rules: Rules, path: string, problems: string[]): void {
  const r = (name: string) => rules[`string.${name}`];
  if (r('ignore_empty') === true && value === '') return;
  const chars = [...value].length;
  const bytes = Buffer.byteLength(value, 'utf8');
  const bound = (name: string, actual: number, ok: (limit: number) => boolean, says: string) => {
    const limit = r(name);
    if (typeof limit === 'number' && !ok(limit))
      problems.push(`${path}: ${says} ${limit} (validate: ${name}); has ${actual}`);
  };
  bound('min_len', chars, (n) => chars >= n, 'needs at least characters:');
  bound('max_len', chars, (n) => chars <= n, 'allows at most characters:');
  bound('min_bytes', bytes, (n) => bytes >= n, 'needs at least bytes:');
  bound('max_bytes', bytes, (n) => bytes <= n, 'allows at most bytes:');
  const pattern = r('pattern');
  // Envoy's patterns are RE2; the ones in its API are also valid JavaScript with the same meaning.
  if (typeof pattern === 'string' && !new RegExp(pattern, 'u').test(value))
    problems.push(`${path}: must match ${pattern} (validate: pattern)`);
  for (const [name, ok] of [
    ['prefix', (p: string) => value.startsWith(p)],
    ['suffix', (p: string) => value.endsWith(p)],
    ['contains', (p: string) => value.includes(p)],
  ] as const) {
    const text = r(name);
    if (typeof text === 'string' && !ok(text)) problems.push(`${path}: must have ${name} '${text}'`);
  }
  checkMembership(value, rules, 'string', path, problems);
  const known = r('well_known_regex');
  if (known === 'HTTP_HEADER_NAME' || known === 'HTTP_HEADER_VALUE') {
    const strict = r('strict') !== false;
    const regex = !strict ? HEADER_LOOSE : known === 'HTTP_HEADER_NAME' ? HEADER_NAME_STRICT : HEADER_VALUE_STRICT;
    if (!regex.test(value))
      problems.push(`${path}: is not a valid ${known === 'HTTP_HEADER_NAME' ? 'header name' : 'header value'}`);
  }
}

function checkMembership(value: unknown, rules: Rules, kind: string, path: string, problems: string[]): void {
  const allowed = list(rules[`${kind}.in`]);
  if (allowed.length > 0 && !allowed.includes(value))
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)} (validate: in)`);
  if (list(rules[`${kind}.not_in`]).includes(value))
    problems.push(`${path}: ${JSON.stringify(value)} is not allowed here (validate: not_in)`);
  const constant = rules[`${kind}.const`];
  if (constant !== undefined && constant !== value)
    problems.push(`${path}: must be ${JSON.stringify(constant)} (validate: const); got ${JSON.stringify(value)}`);
}

function checkBounds(value: number, rules: Rules, kind: string, path: string, problems: string[], unit = ''): void {
  const at = (name: string) => (kind === 'duration' ? durationRule(rules, name) : rules[`${kind}.${name}`]);
  const bounds: [string, (limit: number) => boolean, string][] = [
    ['lt', (n) => value < n, 'less than'],
    ['lte', (n) => value <= n, 'at most'],
    ['gt', (n) => value > n, 'more than'],
    ['gte', (n) => value >= n, 'at least'],
  ];
  for (const [name, ok, says] of bounds) {
    const limit = at(name);
    if (typeof limit === 'number' && !ok(limit))
      problems.push(`${path}: must be ${says} ${limit}${unit} (validate: ${name})`);
  }
}

/** `duration.gt: {}` is stored as `duration.gt.seconds`/`.nanos` (or an empty object): seconds as a number. */
function durationRule(rules: Rules, name: string): number | undefined {
  const base = `duration.${name}`;
  const seconds = rules[`${base}.seconds`];
  const nanos = rules[`${base}.nanos`];
  if (seconds === undefined && nanos === undefined) return base in rules ? 0 : undefined;
  return Number(seconds ?? 0) + Number(nanos ?? 0) / 1e9;
}

/** A proto3-JSON Duration ("1.5s") as seconds; undefined when malformed (the type check reports that). */
export function durationSeconds(value: unknown): number | undefined {
  const match = typeof value === 'string' ? /^(-?\d+(?:\.\d{1,9})?)s$/.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * Rules on one value (a scalar, an enum number, a wrapper's value or a Duration) whose type has already
 * been checked. `kind` is the PGV kind the rules are written for.
 */
export function checkValueRules(value: unknown, rules: Rules, path: string, problems: string[]): void {
  const kind = ruleKind(rules);
  if (kind === undefined) return;
  if (kind === 'string' && typeof value === 'string') return checkString(value, rules, path, problems);
  if (kind === 'bytes' && typeof value === 'string') {
    const length = Buffer.from(value, 'base64').length;
    const min = rules['bytes.min_len'];
    const max = rules['bytes.max_len'];
    if (typeof min === 'number' && length < min)
      problems.push(`${path}: needs at least ${min} bytes (validate: min_len)`);
    if (typeof max === 'number' && length > max)
      problems.push(`${path}: allows at most ${max} bytes (validate: max_len)`);
    return;
  }
  if (kind === 'duration') {
    const seconds = durationSeconds(value);
    if (seconds !== undefined) checkBounds(seconds, rules, 'duration', path, problems, 's');
    return;
  }
  if (kind === 'bool') return checkMembership(value, rules, 'bool', path, problems);
  if (kind === 'enum') return checkMembership(value, rules, 'enum', path, problems);
  if (kind === 'repeated' || kind === 'map' || kind === 'message' || kind === 'any' || kind === 'timestamp') return;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return;
  checkMembership(number, rules, kind, path, problems);
  checkBounds(number, rules, kind, path, problems);
}

/** `repeated.min_items`/`max_items`/`unique` on a list (its items are checked with `subRules(rules, 'repeated.items')`). */
export function checkRepeatedRules(items: readonly unknown[], rules: Rules, path: string, problems: string[]): void {
  const min = rules['repeated.min_items'];
  const max = rules['repeated.max_items'];
  if (typeof min === 'number' && items.length < min)
    problems.push(`${path}: needs at least ${min} item(s) (validate: min_items)`);
  if (typeof max === 'number' && items.length > max)
    problems.push(`${path}: allows at most ${max} item(s) (validate: max_items)`);
  if (rules['repeated.unique'] === true) {
    const seen = new Set(items.map((item) => JSON.stringify(item)));
    if (seen.size !== items.length) problems.push(`${path}: items must be unique (validate: unique)`);
  }
}

/** `map.min_pairs`/`max_pairs` on a map (keys and values are checked with `map.keys`/`map.values`). */
export function checkMapRules(pairs: number, rules: Rules, path: string, problems: string[]): void {
  const min = rules['map.min_pairs'];
  const max = rules['map.max_pairs'];
  if (typeof min === 'number' && pairs < min)
    problems.push(`${path}: needs at least ${min} entries (validate: min_pairs)`);
  if (typeof max === 'number' && pairs > max)
    problems.push(`${path}: allows at most ${max} entries (validate: max_pairs)`);
}
