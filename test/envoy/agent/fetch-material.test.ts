// A throttled BatchGetSecretValue (its 100/s account quota is shared by every
// task starting at once) falls back to GetSecretValue, whose throttling is
// retried with full jitter, a bounded number of times.
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { AwsCallError } from '../../../lib/aws/aws-call-error.ts';
import { BATCH_ATTEMPTS, fetchMaterial } from '../../../envoy/agent/fetch-material.ts';
import { createAgentClients } from '../../../envoy/agent/run-agent.ts';
import { retryThrottled, THROTTLE_ATTEMPTS } from '../../../lib/aws/throttle-retry.ts';
import { clientsFor, startTestAwsLocal, TEST_CREDENTIALS, TEST_REGION } from '../../helpers/aws-local.ts';

const ids = { secretId: 'pca-mtls/teller', trustSecretId: 'pca-mtls/trust' };

t.test('a throttled Batch falls back to GetSecretValue, which retries its own throttling', async (t) => {
  const local = await startTestAwsLocal(t, { tickIntervalMs: 0 });
  // One attempt per call: what is tested is the agent's own fallback and retries, not the SDK's.
  const clients = await clientsFor(local, { maxAttempts: 1 });
  for (const [Name, SecretString] of [
    [ids.secretId, '{"identity":"teller"}'],
    [ids.trustSecretId, '{"bundle":"x"}'],
  ] as const)
    await clients.secrets.send(new CreateSecretCommand({ Name, SecretString }));

  const batchOnly = await fetchMaterial(clients, ids);
  t.equal(batchOnly.calls, 1, 'unthrottled: one Batch call');

  await local.control('POST', 'faults', {
    service: 'secretsmanager',
    operation: 'BatchGetSecretValue',
    error: 'ThrottlingException',
    rate: 1,
  });
  await local.control('POST', 'faults', {
    service: 'secretsmanager',
    operation: 'GetSecretValue',
    error: 'ThrottlingException',
    rate: 1,
    count: 3,
  });
  const fallback = await fetchMaterial(clients, ids);
  t.equal(fallback.calls, 3);
  t.equal(fallback.identity.text, '{"identity":"teller"}');
  t.equal(fallback.trust.text, '{"bundle":"x"}');
  const gets = (await local.control('GET', 'requests?operation=GetSecretValue')).body.requests as {
    errorType?: string;
  }[];
  t.equal(gets.filter((r) => r.errorType === 'ThrottlingException').length, 3, 'the throttled reads were retried');
  t.equal(gets.filter((r) => !r.errorType).length, 2, 'until both secrets were read');
});

t.test('retries are bounded and jittered; other errors are not retried', async (t) => {
  const throttled = () =>
    new AwsCallError('AWS_THROTTLED', 'secretsmanager:GetSecretValue', 'ThrottlingException', 'x');
  const sleeps: number[] = [];
  let calls = 0;
  await t.rejects(
    retryThrottled(
      async () => {
        calls++;
        throw throttled();
      },
      { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
    ),
    { code: 'AWS_THROTTLED' },
  );
  t.equal(calls, THROTTLE_ATTEMPTS, 'gives up after THROTTLE_ATTEMPTS');
  t.same(sleeps, [100, 200, 400, 800, 1600], 'half of a doubling ceiling with random() = 0.5');
  let denied = 0;
  await t.rejects(
    retryThrottled(async () => {
      denied++;
      throw new AwsCallError('AWS_ACCESS_DENIED', 'secretsmanager:GetSecretValue', 'AccessDeniedException', 'no');
    }),
    { code: 'AWS_ACCESS_DENIED' },
  );
  t.equal(denied, 1);
});

t.test(
  "the agent's own clients give Batch one attempt: throttled or failing in transit, the reads take over at once",
  async (t) => {
    const local = await startTestAwsLocal(t, { tickIntervalMs: 0 });
    const setup = await clientsFor(local);
    for (const [Name, SecretString] of [
      [ids.secretId, '{"identity":"teller"}'],
      [ids.trustSecretId, '{"bundle":"x"}'],
    ] as const)
      await setup.secrets.send(new CreateSecretCommand({ Name, SecretString }));
    // The SDK's standard retries (4 attempts) stay on every other call.
    const clients = createAgentClients(
      { AWS_REGION: TEST_REGION },
      { endpoint: local.url, credentials: TEST_CREDENTIALS },
    );
    t.equal(BATCH_ATTEMPTS, 1);

    const batches = async () =>
      (await local.control('GET', 'requests?operation=BatchGetSecretValue')).body.requests as { errorType?: string }[];
    for (const error of ['ThrottlingException', 'InternalServiceError']) {
      const before = (await batches()).length;
      await local.control('POST', 'faults', {
        service: 'secretsmanager',
        operation: 'BatchGetSecretValue',
        error,
        rate: 1,
        count: 1,
      });
      const fetched = await fetchMaterial(clients, ids);
      t.equal(fetched.calls, 3, `${error}: fell back to GetSecretValue`);
      t.equal(fetched.identity.text, '{"identity":"teller"}');
      const after = await batches();
      t.equal(after.length - before, 1, `${error}: Batch was sent once, not retried by the SDK first`);
      t.equal(after.at(-1)?.errorType, error);
    }
    const unthrottled = await fetchMaterial(clients, ids);
    t.equal(unthrottled.calls, 1, 'once the fault is gone, one Batch call');
    await local.control('POST', 'faults', {
      service: 'secretsmanager',
      operation: 'BatchGetSecretValue',
      error: 'ResourceNotFoundException',
      rate: 1,
      count: 1,
    });
    await t.rejects(
      fetchMaterial(clients, ids),
      { code: 'AWS_NOT_FOUND' },
      'a client error is not a reason to fall back',
    );
  },
);
