/**
 * Fastify's own schema compilers (Ajv for validation, fast-json-stringify for
 * responses), shared by every aws-local instance in the process and run on a
 * route's first use. By default fastify builds a new Ajv for each instance
 * and compiles every route schema when it starts; tests start dozens of
 * instances per process and use a few routes each, and that compile was most
 * of an instance's start (~40 ms of CPU each, ~200 ms for the first in a
 * process). The control API's schemas are module constants, so each
 * validator and serializer is compiled at most once per process.
 *
 * Same compilers with the same options, so the same checks and output:
 * fastify still reads `.errors` and `.schemaEnv` off each validator. Two
 * consequences: a schema that does not compile fails its route's first
 * request (a 500) instead of the start, and fastify treats a compilers
 * factory as custom, so it would not lower-case the names in a `headers`
 * schema (aws-local declares none). The control API's tests compile every
 * schema in schemas.ts against the JSON Schema meta-schema.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifySchemaCompiler, FastifySchemaValidationError, FastifyServerOptions } from 'fastify';

type RouteSchema = Parameters<FastifySchemaCompiler<unknown>>[0];
type FastifyValidationResult = ReturnType<FastifySchemaCompiler<unknown>>;
/** What fastify calls with a route's schema (the packages' types describe Ajv's `compile` instead). */
type ValidatorCompiler = (route: RouteSchema) => FastifyValidationResult;
type BuildValidator = (externalSchemas: Record<string, unknown>, options?: object) => ValidatorCompiler;
type Serializer = (doc: unknown) => string;
type SerializerCompiler = (route: RouteSchema) => Serializer;
type BuildSerializer = (externalSchemas?: unknown, options?: object) => SerializerCompiler;

/** Fastify's Ajv pool: one Ajv per external schemas and options, for the whole process. */
const ajvPool = AjvCompiler() as unknown as BuildValidator;
const newSerializerCompiler = SerializerSelector() as unknown as BuildSerializer;

/**
 * Per external schemas and options (what a compiled function depends on,
 * besides its schema): the route compiler handing out one lazy function per
 * schema object.
 */
function pooled<F extends object>(
  compilerFor: (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => F,
  lazy: (compile: () => F) => F,
): (externalSchemas: unknown, options?: unknown) => (route: RouteSchema) => F {
  const pool = new Map<string, (route: RouteSchema) => F>();
  return (externalSchemas, options) => {
    const key = `${JSON.stringify(externalSchemas ?? {})}${JSON.stringify(options ?? {})}`;
    let routeCompiler = pool.get(key);
    if (!routeCompiler) {
      const bySchema = new WeakMap<object, F>();
      // Ajv or fast-json-stringify is set up on the first compile, not when fastify asks for a compiler.
      let compiler: ((route: RouteSchema) => F) | undefined;
      const compile = (route: RouteSchema) => (compiler ??= compilerFor(externalSchemas, options))(route);
      routeCompiler = (route) => {
        const schema = route.schema;
        if (typeof schema !== 'object' || schema === null) return compile(route);
        let compiled = bySchema.get(schema);
        if (!compiled) bySchema.set(schema, (compiled = lazy(() => compile(route))));
        return compiled;
      };
      pool.set(key, routeCompiler);
    }
    return routeCompiler;
  };
}

/** A validator that compiles on first use; `.errors` and `.schemaEnv` read through to Ajv's function. */
function lazyValidator(compile: () => FastifyValidationResult): FastifyValidationResult {
  let compiled: FastifyValidationResult | undefined;
  const get = () => (compiled ??= compile());
  const validate = ((data: unknown, context?: unknown) =>
    (get() as (data: unknown, context?: unknown) => ReturnType<FastifyValidationResult>)(
      data,
      context,
    )) as FastifyValidationResult;
  Object.defineProperties(validate, {
    errors: { get: (): FastifySchemaValidationError[] | null | undefined => compiled?.errors },
    // fastify reads it before the first call (Ajv may then coerce the root value in its parent).
    schemaEnv: { get: (): unknown => (get() as { schemaEnv?: unknown }).schemaEnv },
  });
  return validate;
}

function lazySerializer(compile: () => Serializer): Serializer {
  let compiled: Serializer | undefined;
  return (doc) => (compiled ??= compile())(doc);
}

const buildValidator = pooled(
  (externalSchemas, options) => ajvPool(externalSchemas as Record<string, unknown>, options as object),
  lazyValidator,
);
const buildSerializer = pooled(
  (externalSchemas, options) => newSerializerCompiler(externalSchemas, options as object),
  lazySerializer,
);

/**
 * Fastify's `schemaController` option for every aws-local instance (cast: the compiler packages' types
 * describe Ajv's `compile(schema)`, while fastify calls them with a route's schema definition).
 */
export const SHARED_SCHEMA_CONTROLLER = {
  compilersFactory: { buildValidator, buildSerializer },
} as unknown as NonNullable<FastifyServerOptions['schemaController']>;
