import t from 'tap';
import { buildAwsLocal } from '../../../../services/aws-local/app.ts';
import type { Shape, StructureShape } from '../../../../services/aws-local/protocol/shape.ts';
import { SERVICES } from '../../../../services/aws-local/registry.ts';

/**
 * Hostile inputs for EVERY operation of every emulated service, generated from
 * the operations' own declarative input shapes: `null` members, prototype-named
 * keys and values (`__proto__`, `constructor`, `toString`), wrong JSON types at
 * every depth, nulls and wrong types inside lists and maps. Whatever the input,
 * the answer is an AWS error or a result — never a 500.
 *
 * Deterministic (seeded) and bounded: CASES_PER_OPERATION inputs per operation.
 */
const SEED = 0x5eed;
const CASES_PER_OPERATION = 40;
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST/20260101/us-east-1/service/aws4_request, SignedHeaders=host, Signature=0';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(SEED);
const pick = <T>(items: readonly T[]): T => {
  const item = items.at(Math.floor(random() * items.length));
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

/** Anything of the wrong kind, prototype names included. */
function hostileValue(depth = 0): unknown {
  const choices: Array<() => unknown> = [
    () => null,
    () => pick(PROTOTYPE_NAMES),
    () => 42,
    () => -1.5,
    () => true,
    () => [],
    () => [null],
    () => ({}),
    () => ({ __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }),
    () => 'x'.repeat(Math.floor(random() * 3000)),
  ];
  if (depth < 2)
    choices.push(
      () => [hostileValue(depth + 1)],
      () => ({ [pick(PROTOTYPE_NAMES)]: hostileValue(depth + 1) }),
    );
  return pick(choices)();
}

/** A value that fits the shape's JSON type (not necessarily its constraints), with hostile parts mixed in. */
function plausible(shape: Shape, depth: number): unknown {
  if (random() < 0.25) return hostileValue(depth);
  switch (shape.kind) {
    case 'string':
      return shape.enum && random() < 0.5 ? pick(shape.enum) : pick([...PROTOTYPE_NAMES, 'name', '']);
    case 'integer':
      return pick([0, 1, 10, -1, 2 ** 31]);
    case 'boolean':
      return random() < 0.5;
    case 'blob':
      return pick(['', 'AAAA', 'not base64!']);
    case 'timestamp':
      return pick([0, 1.7e9, -1]);
    case 'list':
      return depth > 4
        ? []
        : Array.from({ length: Math.floor(random() * 3) }, () => plausible(shape.member, depth + 1));
    case 'map':
      return depth > 4 ? {} : Object.fromEntries([[pick(PROTOTYPE_NAMES), plausible(shape.value, depth + 1)]]);
    case 'structure':
      return structure(shape, depth);
  }
}

function structure(shape: StructureShape, depth: number): Record<string, unknown> {
  // JSON.parse makes "__proto__" an own key, so the body is built as JSON text below.
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    if (member.required || random() < 0.5) out[name] = depth > 5 ? null : plausible(member, depth + 1);
  }
  if (random() < 0.3) out[pick(PROTOTYPE_NAMES)] = hostileValue(depth);
  return out;
}

function bodies(shape: StructureShape): string[] {
  const fixed = [
    'null',
    '[]',
    '"x"',
    '1',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
  ];
  const generated = Array.from({ length: CASES_PER_OPERATION - fixed.length }, () =>
    // A literal "__proto__" key in JSON text, which JSON.parse keeps as an own property.
    JSON.stringify(structure(shape, 0)).replace(/"__proto__":/g, '"__proto__":'),
  );
  return [...fixed, ...generated];
}

t.test('every operation of every service answers hostile inputs with an AWS error, never a 500', async (t) => {
  const app = await buildAwsLocal({ random: mulberry32(SEED + 1), tickIntervalMs: 0 });
  t.teardown(() => app.close());
  let requests = 0;
  const failures: string[] = [];
  for (const service of SERVICES) {
    for (const [operation, definition] of Object.entries(service.operations)) {
      for (const payload of bodies(definition.input)) {
        requests++;
        const response = await app.inject({
          method: 'POST',
          url: '/',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': `${service.targetPrefix}.${operation}`,
            authorization: AUTH,
          },
          payload,
        });
        if (response.statusCode >= 500)
          failures.push(`${service.id} ${operation} ${response.statusCode}: ${payload.slice(0, 300)}`);
      }
    }
  }
  t.ok(requests >= SERVICES.length * CASES_PER_OPERATION, `${requests} hostile requests sent`);
  t.same(failures.slice(0, 20), [], `${failures.length} requests answered 5xx`);
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is not polluted');
});
