/**
 * What protobufjs loses of PGV annotations, read back from each field's declaration in its .proto file:
 * - an option whose value is an empty message, which is how PGV writes "a positive duration":
 *   `[(validate.rules).duration = {gt {}}]` (Cluster.connect_timeout and ~30 more);
 * - all but the last value of a list (`string = {in: ["http", "https"]}` keeps only "https"), which would
 *   reject valid values.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

const EMPTY_BOUND = /\b(gt|gte|lt|lte)\s*:?\s*\{\s*\}/g;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The option text of `name = id [ … ];` in `source`; undefined when absent or ambiguous. */
function optionText(source: string, name: string, id: number): string | undefined {
  const declaration = new RegExp(`\\b${escape(name)}\\s*=\\s*${id}\\s*\\[([\\s\\S]*?)\\];`, 'g');
  const found = new Set([...source.matchAll(declaration)].map((m) => m[1]));
  return found.size === 1 ? [...found][0] : undefined;
}

/** `in: ["a", "b"]` or the repeated form `in: "a" in: "b"`: every value, in order. */
function listValues(text: string, name: string): unknown[] | undefined {
  const values: unknown[] = [];
  const occurrence = new RegExp(`\\b${name}\\s*:\\s*(\\[[^\\]]*\\]|"(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?)`, 'g');
  try {
    for (const [, literal] of text.matchAll(occurrence)) {
      const parsed = JSON.parse(literal ?? '') as unknown;
      values.push(...(Array.isArray(parsed) ? parsed : [parsed]));
    }
  } catch {
    return undefined;
  }
  return values.length > 0 ? values : undefined;
}

function restoreLists(field: protobuf.Field, text: string): void {
  const options = field.options as Record<string, unknown>;
  const keys = Object.keys(options).filter((k) => /\.(in|not_in)$/.test(k));
  for (const key of keys) {
    const name = key.slice(key.lastIndexOf('.') + 1);
    // Two rule sets naming the same list (e.g. string.in and repeated.items.string.in) cannot be told apart here.
    if (keys.filter((k) => k.endsWith(`.${name}`)).length > 1) continue;
    const values = listValues(text, name);
    if (values) options[key] = values;
  }
}

function restoreField(field: protobuf.Field, source: string): void {
  const text = optionText(source, field.name, field.id);
  if (!text) return;
  if (field.options) restoreLists(field, text);
  if (field.type !== 'google.protobuf.Duration') return;
  const durationRules = /\(validate\.rules\)\.duration\s*=\s*\{([\s\S]*)\}/.exec(text)?.[1];
  if (!durationRules) return;
  for (const [, bound] of durationRules.matchAll(EMPTY_BOUND)) {
    const key = `(validate.rules).duration.${bound}`;
    const options = (field.options ??= {}) as Record<string, unknown>;
    if (!(`${key}.seconds` in options) && !(`${key}.nanos` in options)) options[`${key}.seconds`] = 0;
  }
}

/** Restores, on every field of `root`, empty duration bounds (as `…duration.gt.seconds: 0`) and whole `in`/`not_in` lists. */
export function restoreDroppedRules(root: protobuf.Root): void {
  const sources = new Map<string, string>();
  const visit = (namespace: protobuf.NamespaceBase): void => {
    for (const nested of namespace.nestedArray) {
      if (nested instanceof protobuf.Type) {
        for (const field of nested.fieldsArray) {
          const hasLists = Object.keys(field.options ?? {}).some((k) => /\.(in|not_in)$/.test(k));
          if (!field.filename || (field.type !== 'google.protobuf.Duration' && !hasLists)) continue;
          let source = sources.get(field.filename);
          if (source === undefined) sources.set(field.filename, (source = readFileSync(field.filename, 'utf8')));
          restoreField(field, source);
        }
      }
      if (nested instanceof protobuf.Namespace) visit(nested);
    }
  };
  visit(root);
}
