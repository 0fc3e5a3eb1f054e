/**
 * Checks a rendered Envoy config against Envoy's own API protos (shipped in
 * @grpc/grpc-js-xds), the way Envoy reads YAML/JSON: proto3 JSON mapping,
 * unknown fields rejected, every `typed_config` Any resolved by its `@type`
 * and checked too, enums by name, well-known types (Duration, wrappers,
 * Struct, Any), oneofs, and the protoc-gen-validate (`validate.rules`)
 * annotations Envoy enforces at load time (`pgv-rules.ts` lists which).
 *
 * No Envoy binary can run here; this is the next best independent check.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import { restoreDroppedRules } from './pgv-dropped-options.ts';
import {
  checkMapRules,
  checkRepeatedRules,
  checkValueRules,
  isRequired,
  rulesOf,
  subRules,
  type Rules,
} from './pgv-rules.ts';

const require = createRequire(import.meta.url);
const XDS_DEPS = join(dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');
const PROTOBUFJS = dirname(require.resolve('protobufjs/package.json'));
const INCLUDE_DIRS = ['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map((d) => join(XDS_DEPS, d));

/** The protos the agent's configs use: bootstrap plus every typed extension it names. */
const PROTO_FILES = [
  'envoy/config/bootstrap/v3/bootstrap.proto',
  'envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto',
  'envoy/extensions/filters/http/router/v3/router.proto',
  'envoy/extensions/transport_sockets/tls/v3/tls.proto',
  'envoy/extensions/transport_sockets/tls/v3/secret.proto',
  'envoy/service/discovery/v3/discovery.proto',
];

let rootPromise: Promise<protobuf.Root> | undefined;

/** Envoy's API, loaded once per process. */
export function loadEnvoyApi(): Promise<protobuf.Root> {
  rootPromise ??= (async () => {
    const root = new protobuf.Root();
    root.resolvePath = (origin, target) => {
      if (target.startsWith('google/protobuf/')) {
        const bundled = join(PROTOBUFJS, target);
        return existsSync(bundled) ? bundled : target;
      }
      for (const dir of INCLUDE_DIRS) {
        const candidate = join(dir, target);
        if (existsSync(candidate)) return candidate;
      }
      return protobuf.util.path.resolve(origin, target);
    };
    await root.load(PROTO_FILES, { keepCase: true });
    root.resolveAll();
    restoreDroppedRules(root);
    return root;
  })();
  return rootPromise;
}

const WRAPPERS: Record<string, 'number' | 'string' | 'boolean'> = {
  'google.protobuf.BoolValue': 'boolean',
  'google.protobuf.UInt32Value': 'number',
  'google.protobuf.UInt64Value': 'number',
  'google.protobuf.Int32Value': 'number',
  'google.protobuf.Int64Value': 'number',
  'google.protobuf.DoubleValue': 'number',
  'google.protobuf.FloatValue': 'number',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'string',
};
const DURATION = /^-?\d+(\.\d{1,9})?s$/;
const TYPE_URL_PREFIX = 'type.googleapis.com/';

type Json = unknown;

/**
 * Every problem in `value` read as the message `typeName`, each with its JSON
 * path; empty when Envoy's schema accepts it.
 */
export async function checkAgainstEnvoyProto(typeName: string, value: Json): Promise<string[]> {
  const root = await loadEnvoyApi();
  const problems: string[] = [];
  checkMessage(root, root.lookupType(typeName), value, typeName, problems);
  return problems;
}

function checkMessage(root: protobuf.Root, type: protobuf.Type, value: Json, path: string, problems: string[]): void {
  const full = type.fullName.replace(/^\./, '');
  if (full === 'google.protobuf.Any') return checkAny(root, value, path, problems);
  if (full === 'google.protobuf.Duration') {
    if (typeof value !== 'string' || !DURATION.test(value))
      problems.push(`${path}: a Duration is a string like "5s"; got ${JSON.stringify(value)}`);
    return;
  }
  if (full === 'google.protobuf.Timestamp') {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
      problems.push(`${path}: a Timestamp is an RFC 3339 string`);
    return;
  }
  if (full === 'google.protobuf.Struct' || full === 'google.protobuf.Value' || full === 'google.protobuf.ListValue')
    return;
  if (WRAPPERS[full]) {
    if (
      typeof value !== WRAPPERS[full] &&
      !(WRAPPERS[full] === 'number' && typeof value === 'string' && /^-?\d+$/.test(value))
    ) {
      problems.push(`${path}: ${full} takes a ${WRAPPERS[full]}; got ${JSON.stringify(value)}`);
    }
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${path}: ${full} must be an object; got ${JSON.stringify(value)}`);
    return;
  }
  const object = value as Record<string, Json>;
  const byJsonName = new Map(Object.values(type.fields).map((f) => [f.options?.json_name ?? camel(f.name), f]));
  const present = new Set<string>();
  for (const [key, child] of Object.entries(object)) {
    const field = type.fields[key] ?? byJsonName.get(key);
    if (!field) {
      problems.push(`${path}.${key}: unknown field of ${full}`);
      continue;
    }
    present.add(field.name);
    checkField(root, field, child, `${path}.${key}`, problems);
  }
  for (const field of Object.values(type.fields)) {
    // A required member of a oneof is required only when that member is the one chosen.
    if (!field.partOf && isRequired(rulesOf(field.options)) && !present.has(field.name)) {
      problems.push(`${path}.${field.name}: required by ${full}`);
    }
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.fieldsArray.filter((f) => present.has(f.name));
    if (set.length > 1)
      problems.push(`${path}: ${set.map((f) => f.name).join(' and ')} are one of '${oneof.name}'; set at most one`);
    if (set.length === 0 && oneof.options?.['(validate.required)'] === true) {
      problems.push(`${path}: one of ${oneof.fieldsArray.map((f) => f.name).join(', ')} is required ('${oneof.name}')`);
    }
  }
}

function checkAny(root: protobuf.Root, value: Json, path: string, problems: string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${path}: an Any must be an object with @type`);
    return;
  }
  const { '@type': typeUrl, ...rest } = value as Record<string, Json>;
  if (typeof typeUrl !== 'string' || !typeUrl.startsWith(TYPE_URL_PREFIX)) {
    problems.push(`${path}.@type: must be a type URL (${TYPE_URL_PREFIX}<message>); got ${JSON.stringify(typeUrl)}`);
    return;
  }
  let type: protobuf.Type;
  try {
    type = root.lookupType(typeUrl.slice(TYPE_URL_PREFIX.length));
  } catch {
    problems.push(`${path}.@type: ${typeUrl} is not a message in Envoy's API (or its proto was not loaded)`);
    return;
  }
  checkMessage(root, type, rest, `${path}<${type.name}>`, problems);
}

function checkField(root: protobuf.Root, field: protobuf.Field, value: Json, path: string, problems: string[]): void {
  const fieldRules = rulesOf(field.options);
  if (field.map) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return void problems.push(`${path}: a map must be an object`);
    const entries = Object.entries(value as Record<string, Json>);
    checkMapRules(entries.length, fieldRules, path, problems);
    const keyRules = subRules(fieldRules, 'map.keys');
    for (const [k, v] of entries) {
      checkValueRules(k, keyRules, `${path}.${k} (key)`, problems);
      checkSingle(root, field, v, `${path}.${k}`, problems, subRules(fieldRules, 'map.values'));
    }
    return;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) return void problems.push(`${path}: must be a list`);
    checkRepeatedRules(value, fieldRules, path, problems);
    const itemRules = subRules(fieldRules, 'repeated.items');
    value.forEach((item, i) => checkSingle(root, field, item, `${path}[${i}]`, problems, itemRules));
    return;
  }
  checkSingle(root, field, value, path, problems, fieldRules);
}

function checkSingle(
  root: protobuf.Root,
  field: protobuf.Field,
  value: Json,
  path: string,
  problems: string[],
  fieldRules: Rules,
): void {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    const before = problems.length;
    checkMessage(root, resolved, value, path, problems);
    // Duration and wrapper values carry scalar rules (duration.gt, uint32.lte …) once their form is right.
    if (problems.length === before) checkValueRules(value, fieldRules, path, problems);
    return;
  }
  if (resolved instanceof protobuf.Enum) return checkEnum(resolved, value, path, problems, fieldRules);
  switch (field.type) {
    case 'string':
    case 'bytes':
      if (typeof value !== 'string')
        return void problems.push(`${path}: must be a string; got ${JSON.stringify(value)}`);
      return checkValueRules(value, fieldRules, path, problems);
    case 'bool':
      if (typeof value !== 'boolean') problems.push(`${path}: must be true or false; got ${JSON.stringify(value)}`);
      return checkValueRules(value, fieldRules, path, problems);
    default: {
      const n = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n))
        return void problems.push(`${path}: must be a number; got ${JSON.stringify(value)}`);
      if (/int/.test(field.type) && !Number.isInteger(n)) problems.push(`${path}: must be a whole number`);
      if (field.type.startsWith('uint') && n < 0) problems.push(`${path}: must not be negative`);
      checkValueRules(n, fieldRules, path, problems);
    }
  }
}

/**
 * An enum by name or number. An unknown name never parses; an unknown number is kept by proto3 unless the
 * field says `defined_only`, as Envoy's validation does.
 */
function checkEnum(type: protobuf.Enum, value: Json, path: string, problems: string[], fieldRules: Rules): void {
  const names = Object.keys(type.values);
  const number = typeof value === 'number' ? value : typeof value === 'string' ? type.values[value] : undefined;
  const what = `${JSON.stringify(value)} is not a value of ${type.fullName.replace(/^\./, '')} (${names.join(', ')})`;
  if (number === undefined || !Number.isInteger(number)) return void problems.push(`${path}: ${what}`);
  if (fieldRules['enum.defined_only'] === true && !Object.values(type.values).includes(number))
    problems.push(`${path}: ${what} (validate: defined_only)`);
  checkValueRules(number, fieldRules, path, problems);
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
