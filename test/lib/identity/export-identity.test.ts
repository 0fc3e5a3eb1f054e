import { RequestCertificateCommand, type ACMClient } from '@aws-sdk/client-acm';
import { UpdateCertificateAuthorityCommand } from '@aws-sdk/client-acm-pca';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
} from '@aws-sdk/client-secrets-manager';
import t, { type Test } from 'tap';
import { fetchMaterial } from '../../../envoy/agent/fetch-material.ts';
import { verifyFetchedMaterial } from '../../../envoy/agent/verify.ts';
import { waitUntilIssued } from '../../../lib/acm/wait-until-issued.ts';
import { describeExportableCertificate } from '../../../lib/identity/acm-certificate.ts';
import { exportIdentity } from '../../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../../lib/identity/export-request.ts';
import { createRootCa } from '../../../lib/private-ca/create-root-ca.ts';
import { parseIdentitySecret } from '../../../lib/secret-schema/identity-secret.ts';
import { addTrustedCa, addTrustedCertificate } from '../../../lib/trust/trust-bundle.ts';
import { clientsFor, FAST_TIMINGS, startTestAwsLocal } from '../../helpers/aws-local.ts';
import { checkWithOpenssl } from '../../helpers/openssl.ts';
import { capturingLogger } from '../../helpers/capturing-logger.ts';

async function setup(
  t: Test,
  options: {
    usageMode?: 'GENERAL_PURPOSE' | 'SHORT_LIVED_CERTIFICATE';
    keyAlgorithm?: 'EC_prime256v1' | 'RSA_2048';
  } = {},
) {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS });
  const clients = await clientsFor(local);
  const ca = await createRootCa(clients.pca, {
    commonName: 'Test Root',
    usageMode: options.usageMode,
    keyAlgorithm: options.keyAlgorithm,
  });
  const { lines, logger } = capturingLogger();
  return { local, clients, ca, logs: lines, deps: { clients, logger } };
}

async function storedSecret(clients: Awaited<ReturnType<typeof clientsFor>>, secretId: string) {
  const out = await clients.secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
  return parseIdentitySecret(out.SecretString!, secretId);
}

async function versionCount(clients: Awaited<ReturnType<typeof clientsFor>>, secretId: string) {
  return (await clients.secrets.send(new ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated: true })))
    .Versions!.length;
}

function assertNoSecretsLogged(t: Test, logs: string[], secret: { passphrase: string; privateKey: string }) {
  const all = logs.join('\n');
  t.notOk(all.includes(secret.passphrase), 'no passphrase in the logs');
  for (const line of secret.privateKey.split('\n').filter((l) => l.length > 20)) {
    if (all.includes(line)) {
      t.fail('a private key line was logged');
      return;
    }
  }
  t.notMatch(
    all,
    /"schema":"pca-mtls\/v1"|BEGIN ENCRYPTED PRIVATE KEY|BEGIN PRIVATE KEY/,
    'no secret JSON or key in the logs',
  );
}

t.test('acm source: request, export, verify and store one secret that openssl accepts', async (t) => {
  const { clients, ca, deps, logs } = await setup(t);
  const request = parseExportRequest({
    identity: 'colorteller',
    source: 'acm',
    caArn: ca.caArn,
    domain: 'colorteller.mesh.local',
    role: 'server',
    ecsServices: ['mesh/colorteller'],
    rotation: 'redeploy',
  });
  const result = await exportIdentity(deps, request);
  t.equal(result.created, true);
  t.equal(result.identity, 'colorteller');
  t.match(result.secretArn, /^arn:aws:secretsmanager:us-east-1:000000000000:secret:pca-mtls\/colorteller-/);
  t.match(result.certificateArn, /^arn:aws:acm:us-east-1:000000000000:certificate\//);

  const secret = await storedSecret(clients, 'pca-mtls/colorteller');
  t.equal(secret.serial, result.serial);
  t.equal(secret.source, 'acm');
  t.equal(secret.certificateArn, result.certificateArn);
  t.equal(secret.keyAlgorithm, 'EC_prime256v1');
  t.notMatch(secret.passphrase, /[#$%]/, 'ACM would reject #, $ and %');
  t.ok(secret.passphrase.length >= 32);
  t.notMatch(secret.certificateChain, secret.certificate.trim(), 'the chain does not repeat the leaf');

  const check = await checkWithOpenssl(
    t,
    {
      certificate: secret.certificate,
      chain: secret.certificateChain,
      encryptedKey: secret.privateKey,
      passphrase: secret.passphrase,
    },
    ca.certificatePem,
  );
  t.ok(check.decrypts, 'openssl pkcs8 decrypts the key with the stored passphrase');
  t.ok(check.keyMatchesCertificate, 'the key matches the certificate');
  t.equal(check.verify.code, 0, `openssl verify: ${check.verify.stdout}${check.verify.stderr}`);
  t.match(check.keyAlgorithms, /PBES2/);
  t.match(check.keyAlgorithms, /aes-256-cbc/);

  const described = await clients.secrets.send(new DescribeSecretCommand({ SecretId: 'pca-mtls/colorteller' }));
  const tags = Object.fromEntries(described.Tags!.map((tag) => [tag.Key, tag.Value]));
  t.same(tags, {
    'pca-mtls:identity': 'colorteller',
    'pca-mtls:certificate-arn': result.certificateArn,
    'pca-mtls:ecs-services': 'mesh/colorteller',
    'pca-mtls:rotation': 'redeploy',
    // What the sweep decides with, so it reads no value for an identity that is not due.
    'pca-mtls:source': 'acm',
    'pca-mtls:role': 'server',
    'pca-mtls:serial': secret.serial,
    'pca-mtls:not-before': secret.notBefore.replace(/\.\d{3}Z$/, 'Z'),
    'pca-mtls:not-after': secret.notAfter.replace(/\.\d{3}Z$/, 'Z'),
  });
  assertNoSecretsLogged(t, logs, secret);
});

t.test('running the same export twice leaves one version and makes no second ExportCertificate call', async (t) => {
  const { clients, ca, deps, local } = await setup(t);
  const request = parseExportRequest({
    identity: 'colorgateway',
    caArn: ca.caArn,
    domain: 'colorgateway.mesh.local',
    role: 'client',
  });
  const first = await exportIdentity(deps, request);
  const second = await exportIdentity(deps, request);
  t.equal(second.created, false);
  t.equal(second.versionId, first.versionId);
  t.equal(second.certificateArn, first.certificateArn, 'ACM idempotency token: the same certificate');
  t.equal(await versionCount(clients, 'pca-mtls/colorgateway'), 1);
  const exports = (await local.control('GET', 'requests?operation=ExportCertificate')).body.requests;
  t.equal(exports.length, 1);
});

t.test('pca source: key generated here, short-lived CA, 7 days by default', async (t) => {
  const { clients, ca, deps, logs } = await setup(t, { usageMode: 'SHORT_LIVED_CERTIFICATE' });
  const result = await exportIdentity(
    deps,
    parseExportRequest({
      identity: 'colorgateway',
      source: 'pca',
      caArn: ca.caArn,
      domain: 'colorgateway.mesh.local',
      sans: ['gw.mesh.local'],
      role: 'client',
    }),
  );
  const secret = await storedSecret(clients, 'pca-mtls/colorgateway');
  t.equal(secret.source, 'pca');
  t.equal(secret.caArn, ca.caArn);
  t.equal(secret.serial, result.serial);
  const daysLeft = (Date.parse(secret.notAfter) - Date.now()) / 86_400_000;
  t.ok(daysLeft > 6.9 && daysLeft <= 7.001, `valid for ${daysLeft} more days`);
  const check = await checkWithOpenssl(
    t,
    {
      certificate: secret.certificate,
      chain: secret.certificateChain,
      encryptedKey: secret.privateKey,
      passphrase: secret.passphrase,
    },
    ca.certificatePem,
  );
  t.ok(check.decrypts);
  t.ok(check.keyMatchesCertificate);
  t.equal(check.verify.code, 0, check.verify.stderr);
  t.match(check.keyAlgorithms, /hmacWithSHA256/, 'PBES2 with PBKDF2-HMAC-SHA256, which BoringSSL reads');
  t.match(check.certificateText, /TLS Web Client Authentication/);
  t.notMatch(check.certificateText, /TLS Web Server Authentication/, 'the client template carries clientAuth only');
  t.match(check.certificateText, /DNS:colorgateway\.mesh\.local, DNS:gw\.mesh\.local/);
  assertNoSecretsLogged(t, logs, secret);

  await t.rejects(
    exportIdentity(
      deps,
      parseExportRequest({
        identity: 'other',
        source: 'pca',
        caArn: ca.caArn,
        domain: 'o.mesh.local',
        validityDays: 8,
      }),
    ),
    { code: 'VALIDITY_TOO_LONG', message: /short-lived: validityDays must be 7 or less/ },
  );
});

t.test('bad inputs get a typed, actionable error and change nothing', async (t) => {
  const { clients, ca, deps, local } = await setup(t);
  const otherRegionCa = ca.caArn.replace('us-east-1', 'eu-west-1');
  const rsaCa = await createRootCa(clients.pca, { commonName: 'RSA Root', keyAlgorithm: 'RSA_2048' });
  const shortLived = await createRootCa(clients.pca, { commonName: 'Short', usageMode: 'SHORT_LIVED_CERTIFICATE' });
  const disabled = await createRootCa(clients.pca, { commonName: 'Disabled' });
  await clients.pca.send(
    new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: disabled.caArn, Status: 'DISABLED' }),
  );
  await clients.secrets.send(new CreateSecretCommand({ Name: 'pca-mtls/foreign', SecretString: '{"db":"password"}' }));

  const cases: [string, Record<string, unknown>, { name?: string; code: string; message: RegExp }][] = [
    [
      'malformed CA ARN',
      { caArn: 'arn:aws:acm-pca:nope' },
      { code: 'BAD_REQUEST', message: /caArn is not a Private CA ARN/ },
    ],
    ['unknown CA', { caArn: otherRegionCa }, { code: 'CA_NOT_FOUND', message: /does not exist/ }],
    ['disabled CA', { caArn: disabled.caArn }, { code: 'CA_NOT_ACTIVE', message: /is DISABLED, not ACTIVE/ }],
    [
      'key family not matching the CA',
      { caArn: rsaCa.caArn },
      { code: 'CA_KEY_FAMILY_MISMATCH', message: /CA key is RSA_2048, the request asks for EC_prime256v1/ },
    ],
    [
      'short-lived CA through ACM',
      { caArn: shortLived.caArn },
      { code: 'CA_SHORT_LIVED', message: /Use source 'pca'/ },
    ],
    [
      'unknown certificate',
      {
        caArn: undefined,
        certificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-0000-0000-000000000000',
      },
      { code: 'CERTIFICATE_NOT_FOUND', message: /does not exist/ },
    ],
    [
      'existing secret with a foreign schema',
      { secretId: 'pca-mtls/foreign' },
      { code: 'FOREIGN_SECRET', message: /refusing to overwrite/ },
    ],
    [
      'disabled CA, pca source',
      { source: 'pca', caArn: disabled.caArn },
      { code: 'CA_NOT_ACTIVE', message: /DISABLED/ },
    ],
  ];
  for (const [label, change, expected] of cases) {
    const raw = {
      identity: 'colorteller',
      source: 'acm',
      caArn: ca.caArn,
      domain: 'colorteller.mesh.local',
      ...change,
    };
    await t.rejects((async () => exportIdentity(deps, parseExportRequest(raw)))(), expected, label);
  }
  const secrets = (await clients.secrets.send(new ListSecretsCommand({}))).SecretList!;
  t.same(
    secrets.map((s) => s.Name),
    ['pca-mtls/foreign'],
    'no secret was created',
  );
  const foreign = await clients.secrets.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/foreign' }));
  t.equal(foreign.SecretString, '{"db":"password"}', 'the foreign secret is untouched');
  t.equal((await local.control('GET', 'requests?operation=PutSecretValue')).body.requests.length, 0);
});

t.test('a public certificate created without export is refused with the reason', async (t) => {
  const local = await startTestAwsLocal(t, { timings: { ...FAST_TIMINGS, 'acm.validate': 0 } });
  const clients = await clientsFor(local);
  const { CertificateArn } = await clients.acm.send(
    new RequestCertificateCommand({ DomainName: 'www.example.com', ValidationMethod: 'DNS' }),
  );
  await waitUntilIssued(clients.acm, CertificateArn!);
  await t.rejects(describeExportableCertificate(clients.acm, CertificateArn!), {
    code: 'CERTIFICATE_NOT_EXPORTABLE',
    message: /AMAZON_ISSUED certificate created without export enabled; ACM cannot export its key/,
  });
  const pending = {
    send: async () => ({ Certificate: { Type: 'PRIVATE', Status: 'PENDING_VALIDATION' } }),
  } as unknown as ACMClient;
  await t.rejects(describeExportableCertificate(pending, 'arn:x'), { code: 'CERTIFICATE_NOT_ISSUED' });
});

t.test(
  'an exportable public certificate: refused for client and both before any export; server end to end (export, secret, agent verify with its root in the trust bundle)',
  async (t) => {
    const local = await startTestAwsLocal(t, { timings: { ...FAST_TIMINGS, 'acm.validate': 0 }, defaultQuotas: true });
    const clients = await clientsFor(local);
    const { logger } = capturingLogger('silent');
    const { CertificateArn } = await clients.acm.send(
      new RequestCertificateCommand({
        DomainName: 'api.example.com',
        ValidationMethod: 'DNS',
        Options: { Export: 'ENABLED' },
      }),
    );
    await waitUntilIssued(clients.acm, CertificateArn!);
    const request = (role: string) =>
      parseExportRequest({ identity: 'api', certificateArn: CertificateArn, role, secretId: 'pca-mtls/api' });
    for (const role of ['client', 'both']) {
      await t.rejects(exportIdentity({ clients, logger }, request(role)), {
        code: 'PUBLIC_CERTIFICATE_SERVER_ONLY',
        message: new RegExp(`public \\(AMAZON_ISSUED\\) certificate.*serverAuth.*cannot be used for the ${role} role`),
      });
    }
    t.equal(
      (await local.control('GET', 'requests?operation=ExportCertificate')).body.requests.length,
      0,
      'nothing exported',
    );

    const exported = await exportIdentity({ clients, logger }, request('server'));
    t.match(exported, { identity: 'api', certificateArn: CertificateArn, created: true });
    t.equal(exported.caArn, undefined, 'no Private CA behind it');
    const stored = await storedSecret(clients, 'pca-mtls/api');
    const chain = stored.certificateChain.split(/(?<=-----END CERTIFICATE-----)\s*/).filter((p) => p.trim());
    const publicRoot = chain.at(-1)!;

    // The agent checks the chain against the trust bundle: peers must trust the public root to accept this server.
    const ca = await createRootCa(clients.pca, { commonName: 'Mesh Root' });
    await addTrustedCa(clients, ca.caArn, 'pca-mtls/trust');
    const ids = { secretId: 'pca-mtls/api', trustSecretId: 'pca-mtls/trust' };
    const now = local.app.awsLocal.env.clock.now();
    const withoutRoot = await fetchMaterial(clients, ids);
    t.throws(
      () => verifyFetchedMaterial(withoutRoot, { role: 'server', now }),
      { code: /^CHAIN_/ },
      'refused: untrusted root',
    );
    const added = await addTrustedCertificate(clients, publicRoot, 'pca-mtls/trust');
    t.match(added, { changed: true, name: /^certificate:sha256:[0-9a-f]{64}$/ });
    const withRoot = await fetchMaterial(clients, ids);
    const verified = verifyFetchedMaterial(withRoot, { role: 'server', now });
    t.same(verified.dnsNames, ['api.example.com']);
    t.throws(
      () => verifyFetchedMaterial(withRoot, { role: 'client', now }),
      { code: 'EKU_MISSING' },
      'never as a client',
    );
    await t.rejects(addTrustedCertificate(clients, stored.certificate, 'pca-mtls/trust'), {
      code: 'NOT_A_CA_CERTIFICATE',
    });
  },
);

t.test('throttling beyond the retry budget is a clear AWS_THROTTLED error and writes nothing', async (t) => {
  const { clients, ca, local } = await setup(t);
  const { logger } = capturingLogger('silent');
  const limited = await clientsFor(local, { maxAttempts: 2 });
  await local.control('POST', 'faults', {
    service: 'acm',
    operation: 'ExportCertificate',
    error: 'ThrottlingException',
    rate: 1,
  });
  await t.rejects(
    exportIdentity(
      { clients: limited, logger },
      parseExportRequest({ identity: 'colorteller', caArn: ca.caArn, domain: 'colorteller.mesh.local' }),
    ),
    {
      name: 'AwsCallError',
      code: 'AWS_THROTTLED',
      message: /acm:ExportCertificate was throttled by AWS after 2 attempts/,
    },
  );
  t.same((await clients.secrets.send(new ListSecretsCommand({}))).SecretList, []);
  const attempts = (await local.control('GET', 'requests?operation=ExportCertificate')).body.requests;
  t.equal(attempts.length, 2, 'bounded: exactly maxAttempts calls');
});

t.test('throttling within the retry budget still completes', async (t) => {
  const { clients, ca, deps, local } = await setup(t);
  await local.control('POST', 'faults', {
    service: '*',
    operation: '*',
    error: 'ThrottlingException',
    rate: 1,
    count: 2,
  });
  const result = await exportIdentity(
    deps,
    parseExportRequest({ identity: 'colorteller', caArn: ca.caArn, domain: 'colorteller.mesh.local' }),
  );
  t.equal(result.created, true);
  t.equal(await versionCount(clients, 'pca-mtls/colorteller'), 1);
});
