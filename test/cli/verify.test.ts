/**
 * `pca-mtls verify` against a stub Envoy admin serving Envoy-format fixtures
 * (JSON and text stats), and against aws-local for `--secret-id`.
 */
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { main } from '../../cli/main.ts';
import { serializeIdentitySecret } from '../../lib/secret-schema/identity-secret.ts';
import { clientsFor, startTestAwsLocal, TEST_CREDENTIALS, TEST_REGION } from '../helpers/aws-local.ts';
import { runCli } from '../helpers/cli-process.ts';
import {
  ENVOY_ADMIN_SCENARIOS,
  FIXTURE_SERIAL,
  FIXTURE_STALE_SERIAL,
  startEnvoyAdminStub,
  type EnvoyAdminScenario,
} from '../helpers/envoy-admin-stub.ts';
import { createIdentity, pemBodyLines } from '../helpers/pki-fixtures.ts';

async function verify(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['verify', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function verifyJson(args: string[]) {
  const result = await verify([...args, '--json']);
  return { ...result, report: JSON.parse(result.stdout) };
}

const EXPECTED: Record<EnvoyAdminScenario, { code: number; ingress: string }> = {
  mtls: { code: 0, ingress: 'mtls' },
  'one-way': { code: 1, ingress: 'one-way-tls' },
  'failed-verifications': { code: 1, ingress: 'mtls' },
  'stale-certificate': { code: 0, ingress: 'mtls' },
  'no-traffic': { code: 1, ingress: 'no-traffic' },
  'no-tls': { code: 1, ingress: 'plaintext' },
};

t.test('each scenario gets its verdict and exit code, the same from JSON and text stats', async (t) => {
  for (const scenario of ENVOY_ADMIN_SCENARIOS) {
    const json = await startEnvoyAdminStub(t, scenario);
    const text = await startEnvoyAdminStub(t, scenario, { textOnly: true });
    const fromJson = await verifyJson(['--admin', json.url]);
    const fromText = await verifyJson(['--admin', text.url]);
    t.equal(fromJson.code, EXPECTED[scenario].code, `${scenario}: exit code`);
    t.equal(fromText.code, EXPECTED[scenario].code, `${scenario}: exit code from text stats`);
    const [adminJson] = fromJson.report.admins;
    const [adminText] = fromText.report.admins;
    t.equal(adminJson.statsFormat, 'json');
    t.equal(adminText.statsFormat, 'text', `${scenario}: fell back to text`);
    t.same(
      { ...adminText, url: '', statsFormat: '' },
      { ...adminJson, url: '', statsFormat: '' },
      `${scenario}: same findings from either format`,
    );
    t.equal(
      adminJson.listeners.find((l: any) => l.name === '0.0.0.0_15000').verdict,
      EXPECTED[scenario].ingress,
      `${scenario}: ingress verdict`,
    );
    t.ok(text.requests.includes('/stats'), 'the text fallback asked for /stats');
  }
});

t.test(
  'mtls: counters per listener and cluster, plaintext clusters left out, one row per loaded certificate',
  async (t) => {
    const stub = await startEnvoyAdminStub(t, 'mtls');
    const { report } = await verifyJson(['--admin', stub.url]);
    t.equal(report.verified, true);
    const [admin] = report.admins;
    t.same(
      admin.listeners.map((l: any) => [l.name, l.verdict]),
      [
        ['0.0.0.0_15000', 'mtls'],
        ['127.0.0.1_15001', 'plaintext-loopback'],
      ],
      'the admin listener is not listed',
    );
    t.same(admin.listeners[0].counters, {
      handshake: 42,
      no_certificate: 0,
      fail_verify_no_cert: 3,
      fail_verify_san: 0,
      fail_verify_error: 0,
      connection_error: 0,
    });
    t.same(
      admin.clusters.map((c: any) => [c.name, c.verdict, c.counters.handshake]),
      [['colorteller', 'tls', 17]],
      'local_app has no TLS and is not a TLS cluster',
    );
    t.same(admin.certificates, [
      {
        serial: FIXTURE_SERIAL,
        daysUntilExpiration: 382,
        validFrom: '2026-02-18T08:00:00Z',
        expirationTime: '2027-03-20T08:00:00Z',
        subjectAltNames: ['DNS:colorteller.mesh.local', 'URI:spiffe://mesh.local/colorteller'],
        contexts: 2,
        ok: true,
        notes: [],
      },
    ]);
    t.match(admin.warnings, [/listener 0\.0\.0\.0_15000: 3 refused: peer sent no certificate/]);
    t.same(admin.problems, []);

    const human = await verify(['--admin', stub.url]);
    t.equal(human.code, 0);
    t.match(human.stdout, /kind +name +verdict +handshakes +no_cert +fail_no_cert +fail_san +fail_error +conn_error/);
    t.match(human.stdout, /listener +0\.0\.0\.0_15000 +mTLS +42 +0 +3 +0 +0 +0/);
    t.match(human.stdout, /listener +127\.0\.0\.1_15001 +plaintext \(loopback\) +- +-/);
    t.match(human.stdout, /cluster +colorteller +TLS +17 +- +0/);
    t.match(
      human.stdout,
      new RegExp(
        `${FIXTURE_SERIAL} +382 +2027-03-20T08:00:00Z +DNS:colorteller\\.mesh\\.local URI:spiffe://mesh\\.local/colorteller +loaded`,
      ),
    );
    t.match(human.stdout, /verified: every server listener is mutual TLS/);
    t.equal(human.stderr, '');
  },
);

t.test('what is wrong is named: one-way, failing cluster, idle listener, no TLS at all', async (t) => {
  const oneWay = (await verifyJson(['--admin', (await startEnvoyAdminStub(t, 'one-way')).url])).report.admins[0];
  t.match(oneWay.problems, [
    /listener 0\.0\.0\.0_15000: one-way TLS — 12 of 12 handshakes without a client certificate: require_client_certificate is off/,
  ]);

  const failed = (await verifyJson(['--admin', (await startEnvoyAdminStub(t, 'failed-verifications')).url])).report
    .admins[0];
  t.equal(failed.listeners[0].verdict, 'mtls', 'refusing bad clients is mTLS working');
  t.match(failed.warnings.join('\n'), /7 refused: certificate not trusted.*2 refused: SAN did not match/s);
  t.match(failed.problems, [
    /cluster colorteller: failing — 9 refused: SAN did not match \(fail_verify_san\); 9 TLS connection errors/,
  ]);
  t.equal(failed.clusters[0].counters.no_certificate, 0);

  const idle = (await verifyJson(['--admin', (await startEnvoyAdminStub(t, 'no-traffic')).url])).report.admins[0];
  t.match(idle.problems, [/listener 0\.0\.0\.0_15000: no traffic — no handshake yet: send a request through it/]);

  const plain = await verify(['--admin', (await startEnvoyAdminStub(t, 'no-tls')).url]);
  t.match(plain.stdout, /PROBLEM: listener 0\.0\.0\.0_15000: plaintext — no TLS on a listener others can reach/);
  t.match(plain.stdout, /PROBLEM: no TLS listener or cluster: this Envoy does no TLS at all/);
  t.match(plain.stdout, /NOT verified: 2 problem\(s\)/);
  t.match(plain.stderr, /pca-mtls: not verified/);
});

t.test(
  'several admins: the worst decides; an unreachable one is exit 2 and the others are still reported',
  async (t) => {
    const good = await startEnvoyAdminStub(t, 'mtls');
    const oneWay = await startEnvoyAdminStub(t, 'one-way');
    t.equal((await verifyJson(['--admin', good.url, '--admin', oneWay.url])).code, 1);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await verifyJson(['--admin', good.url, '--admin', oneWay.url, '--admin', deadUrl]);
    t.equal(result.code, 2);
    t.same(
      result.report.admins.map((a: any) => a.reachable),
      [true, true, false],
    );
    t.match(result.report.admins[2].error, /unreachable \(ECONNREFUSED\)/);
    t.equal(result.report.admins[0].listeners[0].verdict, 'mtls');
    t.match(result.stderr, /1 Envoy admin endpoint\(s\) unreachable/);

    const notEnvoy = createServer((_req, res) => res.writeHead(404).end('not here'));
    await new Promise<void>((resolve) => notEnvoy.listen(0, '127.0.0.1', resolve));
    t.teardown(() => notEnvoy.close());
    const wrong = await verify(['--admin', `http://127.0.0.1:${(notEnvoy.address() as AddressInfo).port}`]);
    t.equal(wrong.code, 2);
    t.match(wrong.stdout, /UNREACHABLE: .*GET \/stats answered 404; is this an Envoy admin interface\?/);
  },
);

t.test('bad arguments exit 2', async (t) => {
  const none = await verify([]);
  t.equal(none.code, 2);
  t.match(none.stderr, /give at least one --admin URL/);
  const bad = await verify(['--admin', 'not a url']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /'not a url' is not a URL/);
  const ftp = await verify(['--admin', 'ftp://127.0.0.1:9901']);
  t.equal(ftp.code, 2);
});

t.test('--secret-id: current and stale serials against Secrets Manager, never printing the secret', async (t) => {
  const local = await startTestAwsLocal(t);
  const clients = await clientsFor(local);
  const identity = await createIdentity({
    role: 'server',
    dnsNames: ['colorteller.mesh.local'],
    commonName: 'colorteller.mesh.local',
    serialNumber: FIXTURE_SERIAL,
  });
  t.equal(identity.leaf.serial, FIXTURE_SERIAL);
  await clients.secrets.send(
    new CreateSecretCommand({
      Name: 'pca-mtls/colorteller',
      SecretString: serializeIdentitySecret({
        schema: 'pca-mtls/v1',
        identity: 'colorteller',
        source: 'pca',
        caArn: 'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/11111111-2222-3333-4444-555555555555',
        certificate: identity.leaf.pem,
        certificateChain: identity.material.chainPem,
        privateKey: identity.material.encryptedKeyPem,
        passphrase: identity.passphrase,
        serial: identity.leaf.serial,
        notBefore: identity.leaf.certificate.notBefore.toISOString(),
        notAfter: identity.leaf.certificate.notAfter.toISOString(),
        keyAlgorithm: 'EC_prime256v1',
        exportedAt: new Date().toISOString(),
      }),
    }),
  );
  const env = {
    AWS_ENDPOINT_URL: local.url,
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  };
  Object.assign(process.env, env);

  const current = await verifyJson([
    '--admin',
    (await startEnvoyAdminStub(t, 'mtls')).url,
    '--secret-id',
    'pca-mtls/colorteller',
  ]);
  t.equal(current.code, 0);
  t.same(current.report.secret, { id: 'pca-mtls/colorteller', serial: FIXTURE_SERIAL });
  t.equal(current.report.admins[0].certificates[0].stale, false);

  const staleStub = await startEnvoyAdminStub(t, 'stale-certificate');
  const stale = await verify(['--admin', staleStub.url, '--secret-id', 'pca-mtls/colorteller']);
  t.equal(stale.code, 1);
  t.match(stale.stdout, new RegExp(`${FIXTURE_STALE_SERIAL} +3 .* STALE`));
  t.match(
    stale.stdout,
    new RegExp(`PROBLEM: certificate ${FIXTURE_STALE_SERIAL}: stale: the secret's current serial is ${FIXTURE_SERIAL}`),
  );
  t.match(stale.stdout, /note: SDS secret colorteller-cert: 1 failed reload\(s\)/);

  const missing = await verify(['--admin', staleStub.url, '--secret-id', 'pca-mtls/nobody']);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /cannot read --secret-id pca-mtls\/nobody: secretsmanager:GetSecretValue/);

  // The same through the real binary, as an operator runs it.
  const cli = await runCli(
    t,
    ['verify', '--admin', staleStub.url, '--secret-id', 'pca-mtls/colorteller', '--json'],
    env,
  );
  t.equal(cli.code, 1);
  t.equal(JSON.parse(cli.stdout).admins[0].certificates[0].stale, true);
  const everything = [current.stdout, stale.stdout, stale.stderr, missing.stderr, cli.stdout, cli.stderr].join('\n');
  t.notOk(everything.includes(identity.passphrase), 'no passphrase in any output');
  for (const line of pemBodyLines(identity.material.encryptedKeyPem))
    if (everything.includes(line)) t.fail('key material in the output');
  t.notMatch(everything, /BEGIN|pca-mtls\/v1/);
});
