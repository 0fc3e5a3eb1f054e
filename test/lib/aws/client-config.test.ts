import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createServer } from 'node:http';
import t from 'tap';
import { awsCall } from '../../../lib/aws/aws-call-error.ts';
import {
  awsClientConfig,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from '../../../lib/aws/client-config.ts';

t.test(
  'defaults: bounded timeouts that throw, bounded standard retries, endpoint and region from the SDK',
  async (t) => {
    t.same(awsClientConfig(), {
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      retryMode: 'standard',
      requestHandler: {
        requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
        connectionTimeout: DEFAULT_CONNECT_TIMEOUT_MS,
        throwOnRequestTimeout: true,
      },
    });
    t.ok(DEFAULT_REQUEST_TIMEOUT_MS > 0 && DEFAULT_CONNECT_TIMEOUT_MS > 0 && DEFAULT_MAX_ATTEMPTS > 1);
  },
);

t.test('options override each default; unset ones are left out for the SDK to resolve', async (t) => {
  const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
  t.same(
    awsClientConfig({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:1',
      credentials,
      requestTimeoutMs: 100,
      connectTimeoutMs: 50,
      maxAttempts: 1,
      retryMode: 'adaptive',
    }),
    {
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:1',
      credentials,
      maxAttempts: 1,
      retryMode: 'adaptive',
      requestHandler: { requestTimeout: 100, connectionTimeout: 50, throwOnRequestTimeout: true },
    },
  );
  const config = awsClientConfig({ region: 'eu-west-1' });
  t.notOk('endpoint' in config, 'no endpoint key: AWS_ENDPOINT_URL still applies');
  t.notOk('credentials' in config, 'no credentials key: the default chain still applies');
});

t.test('a real client built with it gives up on a silent endpoint after its attempts, with AWS_TIMEOUT', async (t) => {
  let requests = 0;
  // Accepts every request and never answers: a hung endpoint.
  const server = createServer(() => requests++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as { port: number };
  const client = new SecretsManagerClient(
    awsClientConfig({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      requestTimeoutMs: 300,
      maxAttempts: 2,
    }),
  );
  t.teardown(() => client.destroy());
  await t.rejects(
    awsCall('secretsmanager:GetSecretValue', () => client.send(new GetSecretValueCommand({ SecretId: 'x' }))),
    { code: 'AWS_TIMEOUT', message: /secretsmanager:GetSecretValue timed out after 2 attempts/ },
  );
  t.equal(requests, 2, 'one request per attempt, no more');
});
