/**
 * The control API's schema compilers are shared by every aws-local instance
 * in the process and compile on a route's first use: the schemas must still be
 * valid JSON Schema (Ajv no longer checks them at each start), each schema
 * object compiles once, validation errors still reach fastify, and other Ajv
 * options get compilers of their own.
 */
import { Ajv } from 'ajv';
import Fastify from 'fastify';
import t from 'tap';
import { buildAwsLocal } from '../../../../services/aws-local/app.ts';
import { SHARED_SCHEMA_CONTROLLER } from '../../../../services/aws-local/control/route-compilers.ts';
import * as schemas from '../../../../services/aws-local/control/schemas.ts';

type RouteSchemas = { body?: object; querystring?: object; params?: object; response?: Record<string, object> };

/** Every route schema schemas.ts exports, by name (listSchema is a factory: one sample). */
function routeSchemas(): Array<[string, RouteSchemas]> {
  const found: Array<[string, RouteSchemas]> = [['listSchema("x")', schemas.listSchema('x')]];
  for (const [name, value] of Object.entries(schemas)) {
    if (typeof value === 'object' && value !== null) found.push([name, value]);
  }
  return found;
}

t.test('every control schema is valid JSON Schema and compiles in strict mode', async (t) => {
  const all = routeSchemas();
  t.ok(all.length >= 15, `found ${all.length} schemas`);
  const ajv = new Ajv({ strict: true, validateSchema: true });
  for (const [name, route] of all) {
    const parts = [route.body, route.querystring, route.params, ...Object.values(route.response ?? {})];
    for (const part of parts.filter((p) => p !== undefined)) {
      t.ok(ajv.validateSchema(part), `${name}: ${JSON.stringify(ajv.errors)}`);
      t.doesNotThrow(() => ajv.compile(part), name);
    }
  }
  t.notOk(ajv.validateSchema({ type: 'strng' }), 'the check refuses a schema that is not JSON Schema');
});

const ROUTE = { method: 'POST', url: '/_aws-local/clock', httpPart: 'body' };
const AWS_LOCAL_AJV = { customOptions: { coerceTypes: false, removeAdditional: false, validateSchema: false } };

t.test('one validator per schema object for the process, compiled when first used', async (t) => {
  const { buildValidator } = SHARED_SCHEMA_CONTROLLER.compilersFactory as unknown as {
    buildValidator: (
      external: object,
      options: object,
    ) => (route: object) => {
      (data: unknown): boolean;
      errors?: Array<{ instancePath: string; message?: string }> | null;
      schemaEnv?: unknown;
    };
  };
  const schema = schemas.postClockSchema.body;
  const first = buildValidator({}, AWS_LOCAL_AJV)({ ...ROUTE, schema });
  const second = buildValidator({}, AWS_LOCAL_AJV)({ ...ROUTE, schema });
  t.equal(first, second, 'a second instance gets the same function');
  t.not(buildValidator({}, AWS_LOCAL_AJV)({ ...ROUTE, schema: { ...schema } }), first, 'another object, another one');
  t.equal(first.errors, undefined, 'nothing validated yet');
  t.ok(first.schemaEnv, "fastify sees Ajv's schema environment (it decides how the root value is passed)");
  t.equal(first({ advanceSeconds: '5' }), false, 'no coercion');
  t.match(first.errors, [{ instancePath: '/advanceSeconds', message: 'must be number' }]);
  t.equal(first({ advanceSeconds: 5 }), true);
  t.equal(first.errors, null, 'errors clear after a valid call, as with Ajv');
});

t.test('one serializer per response schema object for the process', async (t) => {
  const { buildSerializer } = SHARED_SCHEMA_CONTROLLER.compilersFactory as unknown as {
    buildSerializer: (external: object, options: object) => (route: object) => (doc: unknown) => string;
  };
  const schema = schemas.getClockSchema.response[200];
  const route = { method: 'GET', url: '/_aws-local/clock', httpStatus: '200', schema };
  const serialize = buildSerializer({}, {})(route);
  t.equal(buildSerializer({}, {})(route), serialize);
  t.same(JSON.parse(serialize({ now: 'n', offsetSeconds: 1, secret: 'x' })), { now: 'n', offsetSeconds: 1 });
  t.not(buildSerializer({}, { rounding: 'floor' })(route), serialize, 'other options, another serializer');
});

t.test('instances in one process validate alike, and other Ajv options keep their own compilers', async (t) => {
  for (let i = 0; i < 2; i++) {
    const app = await buildAwsLocal();
    const refused = await app.inject({ method: 'POST', url: '/_aws-local/clock', payload: { advanceSeconds: '5' } });
    t.equal(refused.statusCode, 400, `instance ${i}`);
    t.match(refused.json(), { error: 'BadRequest', message: /advanceSeconds.*number/ });
    await app.close();
  }
  const coercing = Fastify({
    schemaController: SHARED_SCHEMA_CONTROLLER,
    ajv: { customOptions: { coerceTypes: true } },
  });
  coercing.post('/clock', { schema: { body: schemas.postClockSchema.body } }, async (request) => request.body);
  const coerced = await coercing.inject({ method: 'POST', url: '/clock', payload: { advanceSeconds: '5' } });
  t.same(coerced.json(), { advanceSeconds: 5 }, 'coerceTypes: true compiled the same schema its own way');
  await coercing.close();
});
