import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { abortableClients } from '../../../lib/aws/abortable-clients.ts';
import { lazyClients } from '../../../lib/aws/lazy-clients.ts';

/** An endpoint that never answers, recording each request and when its connection closes. */
async function hangingEndpoint(t: Test) {
  const requests: IncomingMessage[] = [];
  let closed = 0;
  const server = createServer((request) => {
    requests.push(request);
    request.socket.on('close', () => closed++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    closed: () => closed,
  };
}

function secretsClient(endpoint: string) {
  return new SecretsManagerClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

const waitFor = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

t.test('aborting cancels the call in flight and closes its connection', async (t) => {
  const endpoint = await hangingEndpoint(t);
  const abort = new AbortController();
  const clients = abortableClients({ secrets: secretsClient(endpoint.url) }, abort.signal);
  const call = clients.secrets.send(new DescribeSecretCommand({ SecretId: 'pca-mtls/a' }));
  await waitFor(() => endpoint.requests.length === 1);
  abort.abort();
  await t.rejects(call, { name: 'AbortError' });
  await waitFor(() => endpoint.closed() === 1);
  t.pass('the server saw the connection close');
});

t.test('after the abort no call reaches the endpoint', async (t) => {
  const endpoint = await hangingEndpoint(t);
  const abort = new AbortController();
  const clients = abortableClients({ secrets: secretsClient(endpoint.url) }, abort.signal);
  abort.abort();
  await t.rejects(clients.secrets.send(new DescribeSecretCommand({ SecretId: 'pca-mtls/a' })), { name: 'AbortError' });
  t.equal(endpoint.requests.length, 0);
});

t.test('without an abort, calls go through unchanged', async (t) => {
  const endpoint = await hangingEndpoint(t);
  const abort = new AbortController();
  const client = secretsClient(endpoint.url);
  const clients = abortableClients({ secrets: client, region: 'us-east-1' }, abort.signal);
  t.equal(clients.region, 'us-east-1', 'members that are not clients pass through');
  t.equal(clients.secrets, clients.secrets, 'one wrapper per client');
  t.equal(clients.secrets.config, client.config, 'the wrapped client keeps its configuration');
  const call = clients.secrets.send(new DescribeSecretCommand({ SecretId: 'pca-mtls/a' }));
  await waitFor(() => endpoint.requests.length === 1);
  t.equal(endpoint.requests[0]?.headers['x-amz-target'], 'secretsmanager.DescribeSecret');
  abort.abort();
  await t.rejects(call, { name: 'AbortError' });
});

t.test('lazy clients are still built only when first used', async (t) => {
  let built = 0;
  const lazy = lazyClients<{ secrets: SecretsManagerClient }>({
    secrets: () => {
      built++;
      return secretsClient('http://127.0.0.1:9');
    },
  });
  const clients = abortableClients(lazy, new AbortController().signal);
  t.equal(built, 0);
  void clients.secrets;
  void clients.secrets;
  t.equal(built, 1);
});
