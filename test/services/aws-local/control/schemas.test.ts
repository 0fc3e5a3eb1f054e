/**
 * The control API as a fastify plugin with JSON schemas: types are checked as
 * written (no coercion), unknown members are refused, and the answer is a 400
 * `{error: "BadRequest"}` naming the member — plus no import cycle left
 * in aws-local (control/routes.ts used to import app.ts, which imports it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import Fastify from 'fastify';
import t, { type Test } from 'tap';
import ts from 'typescript';
import { buildAwsLocal } from '../../../../services/aws-local/app.ts';
import {
  createEventSourceMappingSchema,
  deleteEventSourceMappingSchema,
  getEventSourceMappingSchema,
  iamReportSchema,
  listEventSourceMappingsSchema,
} from '../../../../services/aws-local/control/schemas.ts';

const AWS_LOCAL = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../services/aws-local');

t.test('bodies are validated against the schemas before a handler runs', async (t) => {
  const app = await buildAwsLocal();
  t.teardown(() => app.close());
  const post = (url: string, payload: unknown) =>
    app.inject({ method: 'POST', url: `/_aws-local/${url}`, payload: payload as object });
  const cases: Array<[string, unknown, RegExp]> = [
    ['clock', { advanceSeconds: '5' }, /advanceSeconds.*number/],
    ['clock', { advanceSeconds: 1, extra: true }, /additional properties/],
    ['clock', { advanceSeconds: -1 }, /advanceSeconds.*>= 0/],
    ['faults', { service: 'acm', error: 'X', rate: '1' }, /rate.*number/],
    ['faults', { error: 'X' }, /required property 'service'/],
    ['faults', { service: 'acm', error: 'X', __proto__: { polluted: 1 }, constructor: 1 }, /additional properties/],
    ['events/redeliver', { id: 'x', times: 1.5 }, /times.*integer/],
    ['events/redeliver', { times: 1 }, /required property 'id'/],
    ['settle', { timeoutMs: 300_001 }, /timeoutMs.*<= 300000/],
  ];
  for (const [url, payload, message] of cases) {
    const response = await post(url, payload);
    t.equal(response.statusCode, 400, `${url} ${JSON.stringify(payload)}`);
    t.match(response.json(), { error: 'BadRequest', message });
  }
  t.equal((await post('clock', { advanceSeconds: 5 })).statusCode, 200, 'a valid body passes');
  const events = await app.inject({ method: 'GET', url: '/_aws-local/events?limit=abc' });
  t.equal(events.statusCode, 400, 'query strings too');
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});

t.test('responses follow their schemas', async (t) => {
  const app = await buildAwsLocal();
  t.teardown(() => app.close());
  t.same(Object.keys((await app.inject({ method: 'GET', url: '/_aws-local/health' })).json()).sort(), [
    'now',
    'persistent',
    'services',
    'status',
  ]);
  t.match((await app.inject({ method: 'GET', url: '/_aws-local/clock' })).json(), {
    now: String,
    offsetSeconds: Number,
  });
});

/** `schema` with every object closed (no member it does not declare): what a route answers must be declared. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, closed(value)]));
  if ('properties' in copy && !('additionalProperties' in copy)) copy.additionalProperties = false;
  return copy;
}

/** Checks a route's answer against the closed response schema for its status. */
function conforms(t: Test, schema: { response: Record<number, unknown> }, status: number, body: unknown, what: string) {
  const validate = new Ajv({ strict: true }).compile(closed(schema.response[status]) as object);
  t.ok(validate(body), `${what}: ${JSON.stringify(validate.errors)}`);
}

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:work';

t.test('event source mapping answers match their response schemas and drop nothing', async (t) => {
  const app = await buildAwsLocal({ tickIntervalMs: 0 });
  t.teardown(() => app.close());
  const call = async (method: 'GET' | 'POST' | 'DELETE', path = '', payload?: object) => {
    const response = await app.inject({ method, url: `/_aws-local/event-source-mappings${path}`, payload });
    return { status: response.statusCode, body: response.json<unknown>() };
  };
  const created = await call('POST', '', {
    EventSourceArn: QUEUE_ARN,
    FunctionName: 'renew',
    BatchSize: 50,
    MaximumBatchingWindowInSeconds: 2,
    ScalingConfig: { MaximumConcurrency: 5 },
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    Enabled: false,
  });
  t.equal(created.status, 201);
  const uuid = (created.body as { UUID: string }).UUID;
  const registry = app.awsLocal.eventSourceMappings;
  t.same(created.body, registry.get(uuid), 'the answer is the registry view, member for member');
  conforms(t, createEventSourceMappingSchema, 201, created.body, 'POST');
  const listed = await call('GET');
  t.same(listed.body, { eventSourceMappings: registry.list() });
  conforms(t, listEventSourceMappingsSchema, 200, listed.body, 'GET list');
  const one = await call('GET', `/${uuid}`);
  t.same(one.body, registry.get(uuid));
  conforms(t, getEventSourceMappingSchema, 200, one.body, 'GET one');
  const bad = await call('POST', '', { EventSourceArn: 'nope', FunctionName: 'renew' });
  t.equal(bad.status, 400);
  conforms(t, createEventSourceMappingSchema, 400, bad.body, 'POST refused');
  const deleted = await call('DELETE', `/${uuid}`);
  t.same(deleted.body, { deleted: uuid });
  conforms(t, deleteEventSourceMappingSchema, 200, deleted.body, 'DELETE');
  for (const [method, schema] of [
    ['GET', getEventSourceMappingSchema],
    ['DELETE', deleteEventSourceMappingSchema],
  ] as const) {
    const missing = await call(method, `/${uuid}`);
    t.equal(missing.status, 404);
    conforms(t, schema, 404, missing.body, `${method} missing`);
  }
});

t.test('a mapping view that leaves the schema fails it, and so does its answer', async (t) => {
  const view = {
    UUID: 'u',
    EventSourceArn: QUEUE_ARN,
    FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:renew',
    BatchSize: 10,
    MaximumBatchingWindowInSeconds: 0,
    ScalingConfig: { MaximumConcurrency: 2 },
    FunctionResponseTypes: [],
    State: 'Enabled',
    stats: {
      invocations: 1,
      failedInvocations: 1,
      messagesDeleted: 0,
      inFlight: 0,
      peakConcurrency: 1,
      lastError: 'x',
    },
  };
  const validate = new Ajv({ strict: true }).compile(closed(getEventSourceMappingSchema.response[200]) as object);
  t.ok(validate(view), 'a full view with every optional member passes');
  const { State: _state, ...withoutState } = view;
  t.notOk(validate(withoutState), 'a missing member fails');
  t.notOk(validate({ ...view, secret: 'x' }), 'an undeclared member fails');
  t.notOk(validate({ ...view, State: 'Paused' }), 'a value outside the enum fails');

  // Fastify serializes with the schema: a handler answering without a required member is a 500, not a short answer.
  const app = Fastify();
  t.teardown(() => app.close());
  app.get('/full', { schema: getEventSourceMappingSchema }, async () => view);
  app.get('/short', { schema: getEventSourceMappingSchema }, async () => withoutState);
  t.same((await app.inject({ url: '/full' })).json(), view, 'the serializer keeps every member');
  t.equal((await app.inject({ url: '/short' })).statusCode, 500);
});

t.test('GET iam matches its response schema, with and without enforcement', async (t) => {
  const open = await buildAwsLocal();
  t.teardown(() => open.close());
  const unenforced = (await open.inject({ method: 'GET', url: '/_aws-local/iam' })).json();
  t.same(unenforced, { enforced: false, principals: [] });
  conforms(t, iamReportSchema, 200, unenforced, 'without IAM');

  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'acm:ListCertificates', Resource: '*' }],
  };
  const app = await buildAwsLocal({ iam: { principals: { AKIDREPORT: { policies: policy } } } });
  t.teardown(() => app.close());
  const credential = 'AWS4-HMAC-SHA256 Credential=AKIDREPORT/20260101/us-east-1/acm/aws4_request, Signature=x';
  for (const target of ['CertificateManager.ListCertificates', 'CertificateManager.DescribeCertificate']) {
    await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1', authorization: credential },
      payload: target.endsWith('DescribeCertificate')
        ? { CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-0000-0000-000000000000' }
        : {},
    });
  }
  const report = (await app.inject({ method: 'GET', url: '/_aws-local/iam' })).json<{
    principals: { allowed: unknown[]; denied: unknown[] }[];
  }>();
  t.same(report, { enforced: true, ...app.awsLocal.iam!.report.view() }, 'the answer is the report, member for member');
  t.equal(report.principals[0]?.allowed.length, 1, 'one allowed pair');
  t.equal(report.principals[0]?.denied.length, 1, 'one denied pair');
  conforms(t, iamReportSchema, 200, report, 'with IAM');
});

/** Relative imports of every aws-local source file, as TypeScript's pre-processor lists them (type imports too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) {
        const info = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
        const targets = info.importedFiles
          .map((f) => f.fileName)
          .filter((s) => s.startsWith('.'))
          .map((s) => relative(AWS_LOCAL, resolve(dirname(path), s.replace(/\.js$/, '.ts'))));
        graph.set(relative(AWS_LOCAL, path), targets);
      }
    }
  };
  visit(AWS_LOCAL);
  return graph;
}

t.test('aws-local has no import cycle', async (t) => {
  const graph = importGraph();
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const walk = (file: string, stack: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...stack.slice(stack.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) walk(next, [...stack, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) walk(file, []);
  t.ok(graph.size > 50, `${graph.size} files read`);
  t.same(cycles, []);
});
