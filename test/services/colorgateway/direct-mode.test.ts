/**
 * colorgateway in direct mode against a real colorteller in direct mode, both
 * listening on loopback with the agent's file layout: mTLS both ways, the
 * teller's name checked, the client certificate rotated without a restart.
 */
import t, { type Test } from 'tap';
import { createLogger } from '../../../lib/logger.ts';
import { watchTlsMaterial } from '../../../lib/tls/reloading-tls-material.ts';
import { buildApp } from '../../../services/colorgateway/app.ts';
import { parseColorGatewayConfig } from '../../../services/colorgateway/config.ts';
import { startColorGateway } from '../../../services/colorgateway/server.ts';
import { startColorTeller } from '../../../services/colorteller/server.ts';
import { createLeaf } from '../../helpers/pki-fixtures.ts';
import { createDemoPki, createTlsOutDir, GATEWAY_DNS, TELLER_DNS } from '../../helpers/tls-out-dir.ts';

const logger = createLogger({ name: 'test', level: 'silent' });
const pki = await createDemoPki();

async function startTeller(t: Test) {
  const out = await createTlsOutDir(t);
  const leaf = await pki.tellerLeaf();
  await out.install(pki.filesFor(leaf, pki.tellerIssuer));
  const teller = await startColorTeller({
    mode: 'direct',
    tlsDir: out.dir,
    host: '127.0.0.1',
    port: 0,
    color: 'orange',
    allowedClientSans: [GATEWAY_DNS],
    logger,
  });
  t.teardown(() => teller.close());
  return { teller, leaf };
}

async function gatewayDir(t: Test) {
  const out = await createTlsOutDir(t);
  const leaf = await pki.gatewayLeaf();
  await out.install(pki.filesFor(leaf, pki.gatewayIssuer));
  return { out, leaf };
}

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as any };
}

t.test('the gateway calls the teller over mTLS and reports both views', async (t) => {
  const { teller, leaf: tellerLeaf } = await startTeller(t);
  const { out, leaf } = await gatewayDir(t);
  const gateway = await startColorGateway({
    mode: 'direct',
    tlsDir: out.dir,
    host: '127.0.0.1',
    port: 0,
    tellerUrl: teller.url,
    tellerSan: TELLER_DNS,
    logger,
  });
  t.teardown(() => gateway.close());
  const res = await getJson(`${gateway.url}/color`);
  t.equal(res.status, 200);
  t.same(res.body, {
    color: 'orange',
    caller: GATEWAY_DNS,
    callerSerial: leaf.serial,
    mode: 'direct',
    teller: { identity: TELLER_DNS, serial: tellerLeaf.serial },
  });
  t.same((await getJson(`${gateway.url}/healthz`)).body, {
    status: 'ok',
    mode: 'direct',
    certificate: { serial: leaf.serial, subject: leaf.subject, notAfter: leaf.certificate.notAfter.toISOString() },
  });
});

t.test('a teller whose certificate lacks the expected SAN is refused', async (t) => {
  const { teller } = await startTeller(t);
  const { out } = await gatewayDir(t);
  const gateway = await startColorGateway({
    mode: 'direct',
    tlsDir: out.dir,
    host: '127.0.0.1',
    port: 0,
    tellerUrl: teller.url,
    tellerSan: 'impostor.mesh.local',
    logger,
  });
  t.teardown(() => gateway.close());
  const res = await getJson(`${gateway.url}/color`);
  t.equal(res.status, 502);
  t.match(res.body, { error: 'teller-tls-failed', message: /ERR_TLS_CERT_ALTNAME_INVALID/ });
});

t.test('a gateway certificate from an untrusted CA is refused by the teller', async (t) => {
  const { teller } = await startTeller(t);
  const out = await createTlsOutDir(t);
  const outsider = await createLeaf(pki.outsiderRoot, { commonName: GATEWAY_DNS, extendedKeyUsage: ['clientAuth'] });
  await out.install({
    certChainPem: outsider.pem + pki.outsiderRoot.pem,
    keyPem: outsider.privateKeyPem,
    trustBundlePem: pki.trustBundlePem,
  });
  const gateway = await startColorGateway({
    mode: 'direct',
    tlsDir: out.dir,
    host: '127.0.0.1',
    port: 0,
    tellerUrl: teller.url,
    tellerSan: TELLER_DNS,
    logger,
  });
  t.teardown(() => gateway.close());
  const res = await getJson(`${gateway.url}/color`);
  t.equal(res.status, 502);
  t.match(res.body.error, /^teller-(tls-failed|unreachable)$/);
});

t.test('after the gateway files rotate, the teller sees the new client serial without a restart', async (t) => {
  const { teller } = await startTeller(t);
  const { out, leaf } = await gatewayDir(t);
  const material = await watchTlsMaterial({ outDir: out.dir, logger, pollIntervalMs: 0 });
  t.teardown(() => material.close());
  const app = await buildApp({
    config: parseColorGatewayConfig({ mode: 'direct', tlsDir: out.dir, tellerUrl: teller.url, tellerSan: TELLER_DNS }),
    logger,
    tlsMaterial: material,
  });
  t.teardown(() => app.close());
  const ask = async () => (await app.inject({ method: 'GET', url: '/color' })).json();
  t.equal((await ask()).callerSerial, leaf.serial);
  t.equal((await ask()).callerSerial, leaf.serial, 'the pooled connection is reused');

  const rotated = await pki.gatewayLeaf();
  const keepAlive = setInterval(() => {}, 1000);
  const changed = new Promise((resolve) => material.onChange(resolve));
  await out.install(pki.filesFor(rotated, pki.gatewayIssuer));
  await changed;
  clearInterval(keepAlive);
  const after = await ask();
  t.equal(after.caller, GATEWAY_DNS);
  t.equal(after.callerSerial, rotated.serial, 'the next connection presents the rotated certificate');
});

t.test('config is validated and names the setting', async (t) => {
  t.throws(() => parseColorGatewayConfig({}), { code: 'BAD_CONFIG', message: /tellerUrl \(TELLER_URL\) is required/ });
  t.throws(() => parseColorGatewayConfig({ tellerUrl: 'https://127.0.0.1:1' }), {
    message: /must start with http:\/\/ in envoy mode/,
  });
  t.throws(() => parseColorGatewayConfig({ mode: 'direct', tellerUrl: 'http://127.0.0.1:1' }), {
    message: /must start with https:\/\/ in direct mode/,
  });
  t.throws(() => parseColorGatewayConfig({ mode: 'direct', tellerUrl: 'https://127.0.0.1:1', tlsDir: '/x' }), {
    message: /tellerSan \(TELLER_SAN\) is required/,
  });
  t.throws(() => parseColorGatewayConfig({ mode: 'direct', tellerUrl: 'https://127.0.0.1:1', tellerSan: TELLER_DNS }), {
    message: /tlsDir \(TLS_DIR\) is required/,
  });
  t.throws(() => parseColorGatewayConfig({ tellerUrl: 'http://127.0.0.1:1', tellerTimeoutMs: '0' }), {
    message: /TELLER_TIMEOUT_MS/,
  });
  const config = parseColorGatewayConfig({ tellerUrl: 'http://127.0.0.1:15001/' });
  t.equal(config.tellerUrl, 'http://127.0.0.1:15001');
  t.equal(config.port, 9080);
  t.ok(Object.isFrozen(config));
  t.equal(
    parseColorGatewayConfig({ tellerUrl: 'https://127.0.0.1:1', tellerSan: TELLER_DNS, tlsDir: '/run/x' }).mode,
    'direct',
    'a TLS directory without a mode means direct',
  );
});
