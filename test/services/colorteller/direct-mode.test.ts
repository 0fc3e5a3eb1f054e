/**
 * colorteller in direct mode as its own process, against real TLS clients
 * (Node's https and Debian's openssl): mutual TLS enforced, the caller named
 * from the verified certificate, rotated files served without a restart.
 */
import t, { type Test } from 'tap';
import { mtlsGet } from '../../helpers/mtls-request.ts';
import { openssl, scratchDir } from '../../helpers/openssl.ts';
import { bundlePem, createLeaf, pemBodyLines } from '../../helpers/pki-fixtures.ts';
import { spawnService } from '../../helpers/service-process.ts';
import { createDemoPki, createTlsOutDir, GATEWAY_DNS, TELLER_DNS } from '../../helpers/tls-out-dir.ts';

const pki = await createDemoPki();
const gateway = await pki.gatewayLeaf();
const gatewayFiles = pki.filesFor(gateway, pki.gatewayIssuer);
const client = {
  ca: pki.trustBundlePem,
  servername: TELLER_DNS,
  cert: gatewayFiles.certChainPem,
  key: gatewayFiles.keyPem,
};

async function startTeller(t: Test, env: NodeJS.ProcessEnv = {}) {
  const out = await createTlsOutDir(t);
  const tellerLeaf = await pki.tellerLeaf();
  await out.install(pki.filesFor(tellerLeaf, pki.tellerIssuer));
  const teller = spawnService(t, 'services/colorteller/main.ts', {
    TLS_MODE: 'direct',
    TLS_DIR: out.dir,
    HOST: '127.0.0.1',
    PORT: '0',
    TELLER_COLOR: 'teal',
    ALLOWED_CLIENT_SANS: GATEWAY_DNS,
    ...env,
  });
  const url: string = (await teller.waitForLog(/^colorteller listening$/)).url;
  return { out, teller, url, tellerLeaf };
}

t.test('a trusted client certificate gets the color and is named as the caller', async (t) => {
  const { url, tellerLeaf } = await startTeller(t);
  t.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const res = await mtlsGet(`${url}/color`, client);
  t.equal(res.status, 200);
  t.same(res.body, { color: 'teal', caller: GATEWAY_DNS, callerSerial: gateway.serial });
  t.equal(res.serverSerial, tellerLeaf.serial, 'the teller presented its certificate from the agent files');

  const spoofed = await mtlsGet(`${url}/color`, {
    ...client,
    headers: { 'x-forwarded-client-cert': 'Hash=1;URI=spiffe://mesh.local/admin' },
  });
  t.equal(spoofed.body.caller, GATEWAY_DNS, 'a header the client sends cannot change who it is in direct mode');

  const health = await mtlsGet(`${url}/healthz`, client);
  t.same(health.body, {
    status: 'ok',
    mode: 'direct',
    certificate: {
      serial: tellerLeaf.serial,
      subject: tellerLeaf.subject,
      notAfter: tellerLeaf.certificate.notAfter.toISOString(),
    },
  });
});

t.test('a client without a certificate, or with an untrusted one, is refused in the handshake', async (t) => {
  const { url } = await startTeller(t);
  await t.rejects(
    mtlsGet(`${url}/color`, { ca: client.ca, servername: TELLER_DNS }),
    /certificate required|ECONNRESET|socket hang up/i,
    'no certificate',
  );

  const outsider = await createLeaf(pki.outsiderRoot, { commonName: GATEWAY_DNS, extendedKeyUsage: ['clientAuth'] });
  await t.rejects(
    mtlsGet(`${url}/color`, { ...client, cert: bundlePem(outsider, pki.outsiderRoot), key: outsider.privateKeyPem }),
    /unknown ca|ECONNRESET|socket hang up/i,
    'same name, untrusted CA',
  );

  // And with a client nobody here wrote.
  const scratch = await scratchDir(t);
  const caFile = await scratch.write('ca.pem', pki.trustBundlePem);
  const certFile = await scratch.write('gw.pem', gatewayFiles.certChainPem);
  const keyFile = await scratch.write('gw.key', gatewayFiles.keyPem);
  const port = new URL(url).port;
  const request = `GET /color HTTP/1.1\r\nHost: ${TELLER_DNS}\r\nConnection: close\r\n\r\n`;
  const noCert = await openssl(
    [
      's_client',
      '-connect',
      `127.0.0.1:${port}`,
      '-servername',
      TELLER_DNS,
      '-CAfile',
      caFile,
      '-verify_return_error',
      '-quiet',
    ],
    scratch.dir,
    request,
  );
  t.notMatch(noCert.stdout, /"color"/, 'openssl without a certificate gets no answer');
  t.match(noCert.stderr, /alert certificate required|alert handshake failure/i);
  const withCert = await openssl(
    [
      's_client',
      '-connect',
      `127.0.0.1:${port}`,
      '-servername',
      TELLER_DNS,
      '-CAfile',
      caFile,
      '-verify_return_error',
      '-cert',
      certFile,
      '-cert_chain',
      certFile,
      '-key',
      keyFile,
      '-quiet',
      '-ign_eof',
    ],
    scratch.dir,
    request,
  );
  t.match(withCert.stdout, /HTTP\/1\.1 200/);
  t.match(withCert.stdout, new RegExp(`"caller":"${GATEWAY_DNS.replace(/\./g, '\\.')}"`));
});

t.test('a trusted certificate outside the allowed client SANs gets 403', async (t) => {
  const { url } = await startTeller(t);
  const stranger = await createLeaf(pki.gatewayIssuer, {
    commonName: 'intruder.mesh.local',
    extendedKeyUsage: ['clientAuth'],
  });
  const res = await mtlsGet(`${url}/color`, {
    ...client,
    ...pki.filesFor(stranger, pki.gatewayIssuer),
    cert: pki.filesFor(stranger, pki.gatewayIssuer).certChainPem,
    key: stranger.privateKeyPem,
  });
  t.equal(res.status, 403);
  t.match(res.body, { error: 'forbidden', message: /intruder\.mesh\.local is not allowed/ });
});

t.test('after an atomic rotation new connections get the new certificate, without a restart', async (t) => {
  const { out, teller, url, tellerLeaf } = await startTeller(t);
  const pid = teller.child.pid;
  t.equal((await mtlsGet(`${url}/color`, client)).serverSerial, tellerLeaf.serial);

  const rotated = await pki.tellerLeaf();
  const logIndex = teller.logs().length;
  await out.install(pki.filesFor(rotated, pki.tellerIssuer));
  const logged = await teller.waitForLog(/^TLS material rotated$/, logIndex);
  t.equal(logged.serial, rotated.serial);
  const after = await mtlsGet(`${url}/color`, client);
  t.equal(after.status, 200);
  t.equal(after.serverSerial, rotated.serial, 'a new connection sees the new serial');
  t.equal(teller.child.pid, pid);
  t.equal(teller.child.exitCode, null, 'the same process kept serving');

  // A rotation whose key does not match is refused; the teller keeps serving the last good certificate.
  const broken = await pki.tellerLeaf();
  const stranger = await pki.tellerLeaf();
  const refusedIndex = teller.logs().length;
  await out.install({ ...pki.filesFor(broken, pki.tellerIssuer), keyPem: stranger.privateKeyPem });
  const refused = await teller.waitForLog(/^refused new TLS material/, refusedIndex);
  t.equal(refused.err.code, 'TLS_KEY_MISMATCH');
  t.equal((await mtlsGet(`${url}/color`, client)).serverSerial, rotated.serial);
  const output = teller.output();
  for (const line of [
    ...pemBodyLines(stranger.privateKeyPem),
    ...pemBodyLines(rotated.privateKeyPem),
    ...pemBodyLines(gateway.privateKeyPem),
  ]) {
    if (output.includes(line)) t.fail('key material in the teller output');
  }
  t.notMatch(output, /PRIVATE KEY/);
});

t.test('SIGTERM: in-flight work finishes and the process exits 0', async (t) => {
  const { teller, url } = await startTeller(t);
  t.equal((await mtlsGet(`${url}/color`, client)).status, 200);
  teller.child.kill('SIGTERM');
  t.same(await teller.exited, { code: 0, signal: null });
  t.ok(teller.logs().some((l) => l.msg === 'shutting down' && l.signal === 'SIGTERM'));
});

t.test('a missing TLS directory stops startup with a non-zero exit and a clear reason', async (t) => {
  const dir = t.testdir({});
  const teller = spawnService(t, 'services/colorteller/main.ts', { TLS_MODE: 'direct', TLS_DIR: dir, PORT: '0' });
  const { code } = await teller.exited;
  t.equal(code, 1);
  t.match(
    teller.logs().find((l) => l.msg === 'colorteller did not start'),
    { err: { code: 'TLS_MATERIAL_MISSING' } },
  );
});
