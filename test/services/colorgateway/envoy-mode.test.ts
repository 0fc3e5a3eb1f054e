/**
 * colorgateway in envoy mode: plain HTTP to a local egress. A small proxy
 * stands in for Envoy (it adds x-forwarded-client-cert as Envoy's
 * SANITIZE_SET would) in front of a real colorteller in envoy mode.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { createLogger } from '../../../lib/logger.ts';
import { buildApp } from '../../../services/colorgateway/app.ts';
import { parseColorGatewayConfig } from '../../../services/colorgateway/config.ts';
import { startColorTeller } from '../../../services/colorteller/server.ts';
import { spawnService } from '../../helpers/service-process.ts';

const logger = createLogger({ name: 'test', level: 'silent' });
const XFCC =
  'By=spiffe://mesh.local/colorteller;Hash=1f;Subject="CN=colorgateway.mesh.local";URI=spiffe://mesh.local/colorgateway;DNS=colorgateway.mesh.local';

async function listen(t: Test, server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Forwards to `target`, adding the header Envoy would set after verifying the gateway's certificate. */
async function fakeEgress(t: Test, target: string): Promise<string> {
  const server = createServer((req, res) => {
    const upstream = request(
      `${target}${req.url}`,
      { method: req.method, headers: { ...req.headers, 'x-forwarded-client-cert': XFCC } },
      (up) => {
        res.writeHead(up.statusCode!, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(503).end());
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 100;
  return listen(t, server);
}

t.test('through the egress the teller names the gateway by its SPIFFE URI', async (t) => {
  const teller = await startColorTeller({ port: 0, color: 'purple', logger });
  t.teardown(() => teller.close());
  const egress = await fakeEgress(t, teller.url);
  const app = await buildApp({ config: parseColorGatewayConfig({ tellerUrl: egress }), logger });
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/color' });
  t.equal(res.statusCode, 200);
  t.same(
    res.json(),
    { color: 'purple', caller: 'spiffe://mesh.local/colorgateway', mode: 'envoy' },
    'no teller view: Envoy verified it',
  );
});

t.test('failures map to 502 and 504 with the reason', async (t) => {
  const teller = await startColorTeller({ port: 0, logger });
  t.teardown(() => teller.close());
  // Straight to the teller, bypassing Envoy: the teller refuses (no x-forwarded-client-cert).
  const bypass = await buildApp({ config: parseColorGatewayConfig({ tellerUrl: teller.url }), logger });
  t.teardown(() => bypass.close());
  const refused = await bypass.inject({ method: 'GET', url: '/color' });
  t.equal(refused.statusCode, 502);
  t.match(refused.json(), { error: 'teller-refused', message: /answered 401: no x-forwarded-client-cert/ });

  const closed = createServer();
  const deadUrl = await listen(t, closed);
  closed.close();
  const unreachable = await buildApp({ config: parseColorGatewayConfig({ tellerUrl: deadUrl }), logger });
  t.teardown(() => unreachable.close());
  t.match((await unreachable.inject({ method: 'GET', url: '/color' })).json(), {
    error: 'teller-unreachable',
    message: /ECONNREFUSED/,
  });

  const silent = createServer(() => {});
  const silentUrl = await listen(t, silent);
  t.teardown(() => silent.closeAllConnections());
  const slow = await buildApp({
    config: parseColorGatewayConfig({ tellerUrl: silentUrl, tellerTimeoutMs: 50 }),
    logger,
  });
  t.teardown(() => slow.close());
  const timedOut = await slow.inject({ method: 'GET', url: '/color' });
  t.equal(timedOut.statusCode, 504);
  t.match(timedOut.json(), { error: 'teller-timeout', message: /within 50 ms \(TELLER_TIMEOUT_MS\)/ });

  const junk = createServer((_req, res) => res.end(JSON.stringify({ color: 'red', caller: 'x', secret: 'leak' })));
  const junkUrl = await listen(t, junk);
  const strict = await buildApp({ config: parseColorGatewayConfig({ tellerUrl: junkUrl }), logger });
  t.teardown(() => strict.close());
  t.same(
    (await strict.inject({ method: 'GET', url: '/color' })).json(),
    { color: 'red', caller: 'x', mode: 'envoy' },
    'unknown fields never leave the gateway',
  );
});

t.test('as a process: serves, and exits 0 on SIGTERM', async (t) => {
  const teller = await startColorTeller({ port: 0, logger });
  t.teardown(() => teller.close());
  const egress = await fakeEgress(t, teller.url);
  const gateway = spawnService(t, 'services/colorgateway/main.ts', {
    TELLER_URL: egress,
    HOST: '127.0.0.1',
    PORT: '0',
  });
  const url: string = (await gateway.waitForLog(/^colorgateway listening$/)).url;
  const res = await fetch(`${url}/color`);
  t.match(await res.json(), { color: 'blue', caller: 'spiffe://mesh.local/colorgateway' });
  gateway.child.kill('SIGTERM');
  t.same(await gateway.exited, { code: 0, signal: null });
});
