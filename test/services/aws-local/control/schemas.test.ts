/**
 * The control API as a fastify plugin with JSON schemas: types are checked as
 * written (no coercion), unknown members are refused, and the answer is a 400
 * `{error: "BadRequest"}` naming the member — plus no import cycle left
 * in aws-local (control/routes.ts used to import app.ts, which imports it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import ts from 'typescript';
import { buildAwsLocal } from '../../../../services/aws-local/app.js';

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
