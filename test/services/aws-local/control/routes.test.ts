import t from 'tap';
import { buildAwsLocal } from '../../../../services/aws-local/app.ts';

t.test('health names the services', async (t) => {
  const app = await buildAwsLocal();
  t.teardown(() => app.close());
  const health = (await app.inject({ method: 'GET', url: '/_aws-local/health' })).json();
  t.equal(health.status, 'ok');
  t.same(health.services, ['acm', 'acm-pca', 'secretsmanager', 'ecs', 'events', 'sqs']);
  t.equal(health.persistent, false);
});

t.test('the clock moves forward by seconds or to a date, never backwards', async (t) => {
  const app = await buildAwsLocal();
  t.teardown(() => app.close());
  const post = (payload: unknown) =>
    app.inject({ method: 'POST', url: '/_aws-local/clock', payload: payload as object });
  const advanced = await post({ advanceSeconds: 3600 });
  t.equal(advanced.statusCode, 200);
  t.ok(advanced.json().offsetSeconds >= 3600);
  const target = '2030-01-01T00:00:00.000Z';
  const set = await post({ now: target });
  t.equal(set.statusCode, 200);
  t.ok(Math.abs(new Date(set.json().now).getTime() - Date.parse(target)) < 5_000);
  const back = await post({ now: '2029-01-01T00:00:00Z' });
  t.equal(back.statusCode, 400);
  t.match(back.json().message, /only moves forward/);
  t.equal((await post({ advanceSeconds: -1 })).statusCode, 400);
  t.equal((await post({})).statusCode, 400);
  t.equal((await post({ now: 'not a date' })).statusCode, 400);
});

t.test('faults are listed, validated and cleared', async (t) => {
  const app = await buildAwsLocal();
  t.teardown(() => app.close());
  const add = await app.inject({
    method: 'POST',
    url: '/_aws-local/faults',
    payload: { service: 'acm', operation: 'ExportCertificate', error: 'ThrottlingException', rate: 0.3 },
  });
  t.equal(add.statusCode, 201);
  t.equal((await app.inject({ method: 'GET', url: '/_aws-local/faults' })).json().faults.length, 1);
  const noEffect = await app.inject({
    method: 'POST',
    url: '/_aws-local/faults',
    payload: { service: 'acm', rate: 1 },
  });
  t.equal(noEffect.statusCode, 400, 'a fault with neither error nor latency is refused');
  await app.inject({ method: 'DELETE', url: '/_aws-local/faults' });
  t.same((await app.inject({ method: 'GET', url: '/_aws-local/faults' })).json().faults, []);
});

t.test('reset clears state, faults, the request log and the clock', async (t) => {
  const app = await buildAwsLocal();
  t.teardown(() => app.close());
  app.awsLocal.env.stateOf<Record<string, unknown>>('events', 'us-east-1').marker = true;
  await app.inject({ method: 'POST', url: '/_aws-local/clock', payload: { advanceSeconds: 60 } });
  await app.inject({ method: 'POST', url: '/_aws-local/faults', payload: { service: '*', latencyMs: 1, rate: 1 } });
  await app.inject({
    method: 'POST',
    url: '/',
    headers: { 'x-amz-target': 'AWSEvents.Nope', 'content-type': 'application/x-amz-json-1.1' },
    payload: '{}',
  });
  const reset = await app.inject({ method: 'POST', url: '/_aws-local/reset' });
  t.equal(reset.statusCode, 200);
  t.notOk(app.awsLocal.env.stateOf<Record<string, unknown>>('events', 'us-east-1').marker);
  t.same(app.awsLocal.faults.list(), []);
  t.same((await app.inject({ method: 'GET', url: '/_aws-local/requests' })).json().requests, []);
  t.equal(app.awsLocal.env.clock.offset, 0);
});
