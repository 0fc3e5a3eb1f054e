/**
 * The keep-alive race, made deterministic: a teller stand-in that answers the
 * first request of each connection and resets the connection when a second
 * request arrives on it — what the real teller does when it closes an idle
 * connection (on rotation, or at its keep-alive timeout) just as the gateway
 * reuses it. The GET is sent again on a new connection; a reset on a fresh
 * connection is still an error.
 */
import { createServer, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import { createLogger } from '../../../lib/logger.ts';
import { parseColorGatewayConfig } from '../../../services/colorgateway/config.ts';
import { TellerClient } from '../../../services/colorgateway/teller-client.ts';

const logger = createLogger({ name: 'test', level: 'silent' });
const ANSWER = JSON.stringify({ color: 'blue', caller: 'colorgateway.mesh.local' });

/** Each connection: first request answered with keep-alive; any later request → RST, no answer. */
async function oneRequestPerConnection(t: Test, options: { resetFresh?: boolean } = {}) {
  const stats = { connections: 0, answered: 0, reset: 0 };
  const server = createServer((socket: Socket) => {
    stats.connections++;
    let requests = 0;
    socket.on('data', (chunk) => {
      if (!chunk.toString('latin1').includes('\r\n\r\n')) return;
      requests++;
      if (requests > 1 || options.resetFresh) {
        stats.reset++;
        socket.resetAndDestroy();
        return;
      }
      stats.answered++;
      socket.write(
        `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${ANSWER.length}\r\nconnection: keep-alive\r\n\r\n${ANSWER}`,
      );
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { stats, url: `http://127.0.0.1:${port}` };
}

t.test('a GET reset on a reused keep-alive connection is sent again on a new one', async (t) => {
  const teller = await oneRequestPerConnection(t);
  const client = new TellerClient(parseColorGatewayConfig({ mode: 'envoy', tellerUrl: teller.url }), logger);
  t.teardown(() => client.close());
  for (let i = 0; i < 5; i++) {
    t.match(await client.getColor(), { color: 'blue' }, `call ${i + 1}`);
  }
  t.equal(teller.stats.answered, 5);
  t.ok(
    teller.stats.reset >= 4,
    `the reused connections were reset (${teller.stats.reset} times) and the calls still succeeded`,
  );
});

t.test('a reset on a fresh connection is not retried: TELLER_UNREACHABLE', async (t) => {
  const teller = await oneRequestPerConnection(t, { resetFresh: true });
  const client = new TellerClient(parseColorGatewayConfig({ mode: 'envoy', tellerUrl: teller.url }), logger);
  t.teardown(() => client.close());
  await t.rejects(client.getColor(), { code: 'TELLER_UNREACHABLE' });
  t.equal(teller.stats.connections, 1, 'one attempt only');
});
