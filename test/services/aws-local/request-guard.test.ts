import t from 'tap';
import { buildAwsLocal } from '../../../services/aws-local/app.ts';
import { isLoopbackName } from '../../../services/aws-local/request-guard.ts';
import { startAwsLocal } from '../../../services/aws-local/server.ts';

const AWS_HEADERS = {
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': 'secretsmanager.ListSecrets',
  authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/secretsmanager/aws4_request, Signature=0',
};

t.test('loopback names and addresses', async (t) => {
  for (const name of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1', 'localhost.'])
    t.ok(isLoopbackName(name), name);
  for (const name of ['evil.example', '10.0.0.1', '0.0.0.0', 'localhost.evil.example', '128.0.0.1', '::'])
    t.notOk(isLoopbackName(name), name);
});

t.test('DNS rebinding: a Host that is not loopback or the configured host is refused, on every route', async (t) => {
  const app = await buildAwsLocal({ guard: { host: '127.0.0.1' } });
  t.teardown(() => app.close());
  for (const host of ['evil.example:4566', 'evil.example', '192.168.1.10:4566']) {
    const api = await app.inject({ method: 'POST', url: '/', headers: { ...AWS_HEADERS, host }, payload: '{}' });
    t.equal(api.statusCode, 403, `AWS API with Host '${host}'`);
    t.match(api.json(), { error: 'ForbiddenHost', message: /DNS rebinding protection/ });
    const control = await app.inject({ method: 'GET', url: '/_aws-local/health', headers: { host } });
    t.equal(control.statusCode, 403, `control API with Host '${host}'`);
  }
  for (const host of ['127.0.0.1:4566', 'localhost:4566', '[::1]:4566', 'localhost']) {
    const api = await app.inject({ method: 'POST', url: '/', headers: { ...AWS_HEADERS, host }, payload: '{}' });
    t.equal(api.statusCode, 200, `Host '${host}' is served`);
  }
});

t.test('the configured host is accepted, and --allow-remote accepts any Host', async (t) => {
  const named = await buildAwsLocal({ guard: { host: 'aws-local.internal' } });
  t.teardown(() => named.close());
  const ok = await named.inject({
    method: 'GET',
    url: '/_aws-local/health',
    headers: { host: 'aws-local.internal:4566' },
  });
  t.equal(ok.statusCode, 200);
  const remote = await buildAwsLocal({ guard: { host: '0.0.0.0', allowAnyHost: true } });
  t.teardown(() => remote.close());
  const any = await remote.inject({ method: 'GET', url: '/_aws-local/health', headers: { host: '10.1.2.3:4566' } });
  t.equal(any.statusCode, 200);
});

t.test('the control API refuses a cross-origin Origin and non-JSON bodies', async (t) => {
  const app = await buildAwsLocal();
  t.teardown(() => app.close());
  const host = '127.0.0.1:4566';
  const reset = (headers: Record<string, string>, payload?: string) =>
    app.inject({ method: 'POST', url: '/_aws-local/reset', headers: { host, ...headers }, payload });

  const crossOrigin = await reset({ origin: 'http://evil.example', 'content-type': 'application/json' }, '{}');
  t.equal(crossOrigin.statusCode, 403);
  t.match(crossOrigin.json(), { error: 'ForbiddenOrigin' });
  t.equal((await reset({ origin: 'null' })).statusCode, 403, 'an opaque origin (sandboxed page) too');
  t.equal(
    (await reset({ origin: 'http://localhost:9999' })).statusCode,
    403,
    'another loopback port is another origin',
  );

  const text = await reset({ 'content-type': 'text/plain' }, '{"advanceSeconds":1}');
  t.equal(text.statusCode, 415);
  t.match(text.json(), { error: 'UnsupportedMediaType' });
  const form = await app.inject({
    method: 'POST',
    url: '/_aws-local/clock',
    headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'advanceSeconds=1',
  });
  t.equal(form.statusCode, 415);

  t.equal((await reset({ origin: `http://${host}` })).statusCode, 200, 'same origin, no body: allowed');
  t.equal((await reset({ 'content-type': 'application/json' }, '{}')).statusCode, 200, 'JSON from a tool: allowed');
  t.equal((await reset({})).statusCode, 200, 'no body, no Origin (curl -X POST): allowed');
});

t.test('binding a non-loopback address needs allowRemote', async (t) => {
  await t.rejects(startAwsLocal({ host: '0.0.0.0', port: 0 }), {
    code: 'AWS_LOCAL_REMOTE_BIND',
    message: /refusing to listen on 0\.0\.0\.0: aws-local has no authentication.*--allow-remote/,
  });
  // (Actually binding a non-loopback address is not done here: test servers stay on 127.0.0.1.)
});
