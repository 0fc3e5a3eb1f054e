import t from 'tap';
import { buildApp } from '../../../services/colorteller/app.ts';
import { parseColorTellerConfig } from '../../../services/colorteller/config.ts';
import { createLogger } from '../../../lib/logger.ts';

const logger = createLogger({ name: 'test', level: 'silent' });
const XFCC =
  'By=spiffe://mesh.local/colorteller;Hash=abc;Subject="CN=colorgateway.mesh.local";URI=;DNS=colorgateway.mesh.local';

t.test('envoy mode: the caller comes from x-forwarded-client-cert, the color from config', async (t) => {
  const app = await buildApp({ config: parseColorTellerConfig({ color: 'green' }), logger });
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/color', headers: { 'x-forwarded-client-cert': XFCC } });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { color: 'green', caller: 'colorgateway.mesh.local' }, 'exactly these fields');

  const health = await app.inject({ method: 'GET', url: '/healthz' });
  t.same(health.json(), { status: 'ok', mode: 'envoy' });
});

t.test('envoy mode fails closed without, or with a malformed, header', async (t) => {
  const app = await buildApp({ config: parseColorTellerConfig({}), logger });
  t.teardown(() => app.close());
  const missing = await app.inject({ method: 'GET', url: '/color' });
  t.equal(missing.statusCode, 401);
  t.same(Object.keys(missing.json()).sort(), ['error', 'message']);
  t.match(missing.json().message, /must arrive through the Envoy sidecar/);
  const malformed = await app.inject({
    method: 'GET',
    url: '/color',
    headers: { 'x-forwarded-client-cert': 'Subject="CN=x' },
  });
  t.equal(malformed.statusCode, 400);
  const nameless = await app.inject({
    method: 'GET',
    url: '/color',
    headers: { 'x-forwarded-client-cert': 'Hash=1;URI=;DNS=' },
  });
  t.equal(nameless.statusCode, 401);
});

t.test('allowed client SANs: others get 403', async (t) => {
  const app = await buildApp({
    config: parseColorTellerConfig({ allowedClientSans: 'spiffe://mesh.local/other, other.mesh.local' }),
    logger,
  });
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/color', headers: { 'x-forwarded-client-cert': XFCC } });
  t.equal(res.statusCode, 403);
  t.match(res.json().message, /colorgateway\.mesh\.local is not allowed/);
  const allowed = await app.inject({
    method: 'GET',
    url: '/color',
    headers: { 'x-forwarded-client-cert': 'Hash=1;DNS=other.mesh.local' },
  });
  t.equal(allowed.statusCode, 200);
});

t.test('config is validated, names the setting, and is frozen', async (t) => {
  t.throws(() => parseColorTellerConfig({ mode: 'plain' }), {
    code: 'BAD_CONFIG',
    message: /mode \(TLS_MODE\) must be one of envoy, direct/,
  });
  t.throws(() => parseColorTellerConfig({ mode: 'direct' }), {
    message: /tlsDir \(TLS_DIR\) is required in direct mode/,
  });
  t.throws(() => parseColorTellerConfig({ host: '0.0.0.0' }), {
    message: /host \(HOST\) must be a loopback address in envoy mode/,
  });
  t.throws(() => parseColorTellerConfig({ port: '70000' }), {
    message: /port \(PORT\) must be a whole number from 0 to 65535/,
  });
  t.throws(() => parseColorTellerConfig({ color: 'Blue!' }), { message: /color \(TELLER_COLOR\)/ });
  const config = parseColorTellerConfig({ mode: 'direct', tlsDir: '/run/x', host: '0.0.0.0' });
  t.equal(config.port, 8080);
  t.equal(config.color, 'blue');
  t.ok(Object.isFrozen(config));
  t.equal(parseColorTellerConfig({ tlsDir: '/run/x' }).mode, 'direct', 'a TLS directory without a mode means direct');
  t.equal(parseColorTellerConfig({}).mode, 'envoy');
});

t.test('direct mode does not build without valid TLS material', async (t) => {
  const dir = t.testdir({});
  await t.rejects(buildApp({ config: parseColorTellerConfig({ mode: 'direct', tlsDir: dir }), logger }), {
    code: 'TLS_MATERIAL_MISSING',
  });
});
