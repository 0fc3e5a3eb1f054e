import { GetRandomPasswordCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { AwsError } from '../../../../services/aws-local/core/aws-error.ts';
import { defineService } from '../../../../services/aws-local/protocol/service.ts';
import { t as shape } from '../../../../services/aws-local/protocol/shape.ts';
import { startTestAwsLocal } from '../../../helpers/aws-local.ts';

// A stand-in service on Secrets Manager's target prefix, so the real SDK client
// exercises the wire layer (target, JSON, shapes, errors, faults) on its own.
const calls: unknown[] = [];
const probe = defineService<{ count: number }>({
  id: 'secretsmanager',
  targetPrefix: 'secretsmanager',
  messageKey: 'Message',
  initialState: () => ({ count: 0 }),
  operations: {
    GetRandomPassword: {
      mutates: true,
      input: shape.structure({
        PasswordLength: shape.integer({ min: 1, max: 4096 }),
        ExcludeCharacters: shape.string({ max: 4096 }),
      }),
      handle(input: { PasswordLength?: number; ExcludeCharacters?: string }, ctx) {
        calls.push({ input, region: ctx.region });
        ctx.state.count++;
        if (input.ExcludeCharacters === 'boom') throw new AwsError('InvalidRequestException', 'You asked for boom.');
        return { RandomPassword: 'x'.repeat(input.PasswordLength ?? 32) };
      },
    },
  },
});

t.test('the real SDK reaches an operation over HTTP and gets its result', async (t) => {
  const local = await startTestAwsLocal(t, { services: [probe] });
  const client = new SecretsManagerClient({ ...local.clientConfig, region: 'eu-west-1' });
  const out = await client.send(new GetRandomPasswordCommand({ PasswordLength: 12 }));
  t.equal(out.RandomPassword, 'x'.repeat(12));
  t.match(calls.at(-1), { region: 'eu-west-1' }, 'region comes from the SigV4 credential scope');
  t.equal(local.app.awsLocal.env.stateOf<{ count: number }>('secretsmanager', 'eu-west-1').count, 1);
});

t.test('constraint violations are one ValidationException with AWS wording', async (t) => {
  const local = await startTestAwsLocal(t, { services: [probe] });
  const client = new SecretsManagerClient(local.clientConfig);
  await t.rejects(client.send(new GetRandomPasswordCommand({ PasswordLength: 0 })), {
    name: 'ValidationException',
    message:
      "1 validation error detected: Value '0' at 'passwordLength' failed to satisfy constraint: Member must have value greater than or equal to 1",
  });
});

t.test('operation errors keep their AWS name, status and message', async (t) => {
  const local = await startTestAwsLocal(t, { services: [probe] });
  const client = new SecretsManagerClient(local.clientConfig);
  const err = await client.send(new GetRandomPasswordCommand({ ExcludeCharacters: 'boom' })).catch((e) => e);
  t.equal(err.name, 'InvalidRequestException');
  t.equal(err.message, 'You asked for boom.');
  t.equal(err.$metadata.httpStatusCode, 400);
});

t.test('unknown targets and malformed JSON are rejected before any operation runs', async (t) => {
  const local = await startTestAwsLocal(t, { services: [probe] });
  const post = (target: string | undefined, body: string) =>
    fetch(local.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', ...(target ? { 'x-amz-target': target } : {}) },
      body,
    });
  const before = calls.length;
  let res = await post('secretsmanager.NoSuchThing', '{}');
  t.equal(res.status, 400);
  t.match(await res.json(), { __type: 'UnknownOperationException' });
  res = await post(undefined, '{}');
  t.match(await res.json(), { __type: 'UnknownOperationException' });
  res = await post('secretsmanager.GetRandomPassword', '{not json');
  t.equal(res.status, 400);
  t.match(await res.json(), { __type: 'SerializationException' });
  res = await post('secretsmanager.GetRandomPassword', '{"PasswordLength":"12"}');
  t.match(await res.json(), { __type: 'SerializationException' }, 'a string where an integer belongs');
  t.equal(calls.length, before, 'no operation ran');
});

t.test('injected faults answer the named error, then stop after count', async (t) => {
  const local = await startTestAwsLocal(t, { services: [probe] });
  const client = new SecretsManagerClient(local.clientConfig);
  const added = await local.control('POST', 'faults', {
    service: 'secretsmanager',
    operation: 'GetRandomPassword',
    error: 'InternalServiceError',
    rate: 1,
    count: 1,
  });
  t.equal(added.status, 201);
  const err = await client.send(new GetRandomPasswordCommand({})).catch((e) => e);
  t.equal(err.name, 'InternalServiceError');
  t.equal(err.$metadata.httpStatusCode, 500);
  const ok = await client.send(new GetRandomPasswordCommand({}));
  t.equal(ok.RandomPassword?.length, 32, 'count exhausted, the next call succeeds');
  const log = await local.control('GET', 'requests?service=secretsmanager');
  t.same(
    log.body.requests.map((r: any) => [r.operation, r.status, r.errorType]),
    [
      ['GetRandomPassword', 500, 'InternalServiceError'],
      ['GetRandomPassword', 200, undefined],
    ],
  );
  const bad = await local.control('POST', 'faults', { service: 'secretsmanager', rate: 3, error: 'X' });
  t.equal(bad.status, 400);
  t.match(bad.body.message, /rate/);
});

t.test('--quota throttles past the rate with ThrottlingException', async (t) => {
  const rate = 2;
  const local = await startTestAwsLocal(t, {
    services: [probe],
    quotas: [{ service: 'secretsmanager', operation: 'GetRandomPassword', requestsPerSecond: rate }],
  });
  const client = new SecretsManagerClient(local.clientConfig);
  const started = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: 12 }, () => client.send(new GetRandomPasswordCommand({}))),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  const passed = results.filter((r) => r.status === 'fulfilled').length;
  const throttled = results.filter(
    (r) => r.status === 'rejected' && (r.reason as Error).name === 'ThrottlingException',
  );
  t.equal(passed + throttled.length, results.length, 'every refused call is a ThrottlingException');
  t.ok(passed >= rate, 'a burst of one second of quota passes');
  // The bucket refills at `rate` per second on real time, so a slow machine that spreads the burst out lets a
  // token or two more through (a fixed count failed under load); never more than the refill allows.
  t.ok(
    passed <= rate + Math.ceil(elapsedSeconds * rate),
    `no more than the burst plus ${elapsedSeconds.toFixed(2)} s of refill pass (${passed})`,
  );
  t.ok(throttled.length > 0, 'calls past the rate are throttled');
});
