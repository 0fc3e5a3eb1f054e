/** AWS CLI v2 against aws-local's ACM: request, describe, get, export (passphrase from a file), errors. */
import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import t from 'tap';
import { awsCli, awsCliAvailable } from '../helpers/aws-cli.ts';
import { startTestAwsLocal } from '../helpers/aws-local.ts';
import { activateRoot, createCa } from '../services/aws-local/acm-pca/helpers.ts';
import { openssl, scratchDir } from '../helpers/openssl.ts';

if (!awsCliAvailable()) t.plan(0, 'AWS CLI v2 is not installed');

t.test('acm through the AWS CLI: a private certificate from request to export', async (t) => {
  const local = await startTestAwsLocal(t, { timings: { 'pca.issue': 0, 'acm.issue': 30_000, 'acm.visible': 5_000 } });
  const pca = new ACMPCAClient(local.clientConfig);
  const rootArn = await createCa(pca, { commonName: 'CLI ACM Root' });
  const rootPem = await activateRoot(pca, rootArn);
  const files = await scratchDir(t);
  const cli = (...args: string[]) => awsCli(local.url, ['acm', ...args]);
  const advance = (seconds: number) => local.control('POST', 'clock', { advanceSeconds: seconds });

  const requested = await cli(
    'request-certificate',
    '--domain-name',
    'colorgateway.local',
    '--subject-alternative-names',
    'colorgateway.local',
    'gateway.svc',
    '--certificate-authority-arn',
    rootArn,
    '--key-algorithm',
    'EC_prime256v1',
    '--idempotency-token',
    'gw1',
    '--tags',
    'Key=identity,Value=colorgateway',
  );
  t.equal(requested.exitCode, 0, requested.stderr);
  const arn: string = requested.json.CertificateArn;
  t.match(arn, /^arn:aws:acm:us-east-1:000000000000:certificate\/[0-9a-f-]{36}$/);
  const again = await cli(
    'request-certificate',
    '--domain-name',
    'colorgateway.local',
    '--subject-alternative-names',
    'colorgateway.local',
    'gateway.svc',
    '--certificate-authority-arn',
    rootArn,
    '--key-algorithm',
    'EC_prime256v1',
    '--idempotency-token',
    'gw1',
  );
  t.equal(again.json.CertificateArn, arn, 'idempotent');

  const early = await cli('describe-certificate', '--certificate-arn', arn);
  t.equal(early.exitCode, 254);
  t.match(early.stderr, /\(ResourceNotFoundException\) when calling the DescribeCertificate operation/);
  await advance(6);
  const pending = await cli('describe-certificate', '--certificate-arn', arn);
  t.equal(pending.json.Certificate.Status, 'PENDING_VALIDATION');
  const passFile = await files.write('pass.txt', 'cli-export-passphrase');
  const tooEarly = await cli('export-certificate', '--certificate-arn', arn, '--passphrase', `fileb://${passFile}`);
  t.match(tooEarly.stderr, /\(RequestInProgressException\)/);

  await advance(31);
  const issued = await cli('describe-certificate', '--certificate-arn', arn);
  t.match(issued.json.Certificate, {
    CertificateArn: arn,
    DomainName: 'colorgateway.local',
    SubjectAlternativeNames: ['colorgateway.local', 'gateway.svc'],
    Status: 'ISSUED',
    Type: 'PRIVATE',
    KeyAlgorithm: 'EC-prime256v1',
    CertificateAuthorityArn: rootArn,
    RenewalEligibility: 'INELIGIBLE',
  });
  t.match(issued.json.Certificate.Serial, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);

  const got = await cli('get-certificate', '--certificate-arn', arn);
  t.match(got.json.Certificate, /^-----BEGIN CERTIFICATE-----/);

  const exported = await cli('export-certificate', '--certificate-arn', arn, '--passphrase', `fileb://${passFile}`);
  t.equal(exported.exitCode, 0, exported.stderr);
  await files.write('leaf.pem', exported.json.Certificate);
  await files.write('chain.pem', exported.json.CertificateChain);
  await files.write('root.pem', rootPem);
  await files.write('key.enc.pem', exported.json.PrivateKey);
  const decrypted = await openssl(
    ['pkcs8', '-in', 'key.enc.pem', '-passin', `file:${passFile}`, '-out', 'key.pem'],
    files.dir,
  );
  t.equal(decrypted.code, 0, decrypted.stderr);
  const verified = await openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'chain.pem', 'leaf.pem'], files.dir);
  t.equal(verified.code, 0, verified.stderr);
  const eligible = await cli('describe-certificate', '--certificate-arn', arn);
  t.equal(eligible.json.Certificate.RenewalEligibility, 'ELIGIBLE');

  const badPass = await files.write('bad.txt', 'has$dollar');
  const refused = await cli('export-certificate', '--certificate-arn', arn, '--passphrase', `fileb://${badPass}`);
  t.equal(refused.exitCode, 254);
  t.match(refused.stderr, /\(ValidationException\) when calling the ExportCertificate operation/);
  t.notMatch(refused.stderr, /has\$dollar/, 'the passphrase is not echoed');

  const listed = await cli('list-certificates', '--includes', 'keyTypes=EC_prime256v1');
  t.match(listed.json.CertificateSummaryList, [
    { CertificateArn: arn, DomainName: 'colorgateway.local', Exported: true },
  ]);
  const rsaOnly = await cli('list-certificates');
  t.same(rsaOnly.json.CertificateSummaryList, [], 'without keyTypes only RSA_2048 certificates are listed');
  const tags = await cli('list-tags-for-certificate', '--certificate-arn', arn);
  t.same(tags.json.Tags, [{ Key: 'identity', Value: 'colorgateway' }]);

  const config = await cli(
    'put-account-configuration',
    '--expiry-events',
    'DaysBeforeExpiry=30',
    '--idempotency-token',
    'cfg',
  );
  t.equal(config.exitCode, 0, config.stderr);
  const readBack = await cli('get-account-configuration');
  t.same(readBack.json, { ExpiryEvents: { DaysBeforeExpiry: 30 } });

  const renewal = await cli('renew-certificate', '--certificate-arn', arn);
  t.equal(renewal.exitCode, 0, renewal.stderr);
  const deleted = await cli('delete-certificate', '--certificate-arn', arn);
  t.equal(deleted.exitCode, 0, deleted.stderr);
  const gone = await cli('get-certificate', '--certificate-arn', arn);
  t.match(gone.stderr, /\(ResourceNotFoundException\)/);
  // Without a CA, ACM requests a public certificate (AMAZON_ISSUED), as it does in AWS; its
  // life cycle is covered by the public-certificate conformance cases.
  const noCa = await cli('request-certificate', '--domain-name', 'public.example.com');
  t.equal(noCa.exitCode, 0, noCa.stderr);
  t.match(noCa.json?.CertificateArn, /^arn:aws:acm:us-east-1:000000000000:certificate\//);
});

t.test(
  'acm through the AWS CLI: Renewal Action Required from the 45-day retry, RenewalEligibility after a renewal, public certificates',
  async (t) => {
    const local = await startTestAwsLocal(t, {
      tickIntervalMs: 0,
      timings: { 'pca.issue': 0, 'acm.issue': 0, 'acm.visible': 0, 'acm.renew': 1_000, 'acm.validate': 60_000 },
    });
    const pca = new ACMPCAClient(local.clientConfig);
    const rootArn = await createCa(pca, { commonName: 'CLI Renewal Root' });
    await activateRoot(pca, rootArn);
    const { CreatePermissionCommand, UpdateCertificateAuthorityCommand } = await import('@aws-sdk/client-acm-pca');
    await pca.send(
      new CreatePermissionCommand({
        CertificateAuthorityArn: rootArn,
        Principal: 'acm.amazonaws.com',
        Actions: ['IssueCertificate', 'GetCertificate', 'ListPermissions'],
      }),
    );
    const files = await scratchDir(t);
    const passFile = await files.write('pass.txt', 'cli-renewal-passphrase');
    const cli = (...args: string[]) => awsCli(local.url, ['acm', ...args]);
    const setClock = (ms: number) => local.control('POST', 'clock', { now: new Date(ms).toISOString() });
    const describe = async (arn: string) =>
      (await cli('describe-certificate', '--certificate-arn', arn)).json.Certificate;
    const actionRequired = async () =>
      (await local.control('GET', 'events?detailType=ACM%20Certificate%20Renewal%20Action%20Required')).body.events;

    const arn: string = (
      await cli(
        'request-certificate',
        '--domain-name',
        'renewed.local',
        '--certificate-authority-arn',
        rootArn,
        '--key-algorithm',
        'EC_prime256v1',
      )
    ).json.CertificateArn;
    t.equal(
      (await cli('export-certificate', '--certificate-arn', arn, '--passphrase', `fileb://${passFile}`)).exitCode,
      0,
    );
    const issued = await describe(arn);
    t.equal(issued.RenewalEligibility, 'ELIGIBLE', 'exported since issued');
    const notAfter = Date.parse(issued.NotAfter);

    await pca.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: rootArn, Status: 'DISABLED' }));
    await setClock(notAfter - 60 * 86_400_000 + 5_000);
    t.match((await describe(arn)).RenewalSummary, {
      RenewalStatus: 'FAILED',
      RenewalStatusReason: 'PCA_INVALID_STATE',
    });
    t.same(await actionRequired(), [], 'nothing published for the first attempt at 60 days');
    await setClock(notAfter - 45 * 86_400_000 + 5_000);
    t.same(
      (await actionRequired()).map((e: { detail: { DaysToExpiry: number } }) => e.detail.DaysToExpiry),
      [45],
    );

    await pca.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: rootArn, Status: 'ACTIVE' }));
    await setClock(notAfter - 30 * 86_400_000 + 5_000);
    const renewed = await describe(arn);
    t.not(renewed.Serial, issued.Serial, 'renewed at the 30-day retry');
    t.equal(renewed.RenewalEligibility, 'INELIGIBLE', 'renewed and not exported since');
    const refused = await cli('renew-certificate', '--certificate-arn', arn);
    t.equal(refused.exitCode, 254);
    t.match(refused.stderr, /\(ValidationException\).*not eligible for renewal/);
    await cli('export-certificate', '--certificate-arn', arn, '--passphrase', `fileb://${passFile}`);
    t.equal((await describe(arn)).RenewalEligibility, 'ELIGIBLE', 'exported again');

    const publicArn: string = (
      await cli('request-certificate', '--domain-name', 'www.example.com', '--validation-method', 'DNS')
    ).json.CertificateArn;
    const pendingPublic = await describe(publicArn);
    t.match(pendingPublic, {
      Type: 'AMAZON_ISSUED',
      Status: 'PENDING_VALIDATION',
      DomainValidationOptions: [
        { ValidationMethod: 'DNS', ResourceRecord: { Type: 'CNAME', Value: /\.acm-validations\.aws\.$/ } },
      ],
    });
    await local.control('POST', 'clock', { advanceSeconds: 61 });
    const publicIssued = await describe(publicArn);
    t.match(publicIssued, { Status: 'ISSUED', ExtendedKeyUsages: [{ Name: 'TLS_WEB_SERVER_AUTHENTICATION' }] });
    t.equal(publicIssued.ExtendedKeyUsages.length, 1, 'serverAuth only');
    t.equal((Date.parse(publicIssued.NotAfter) - Date.parse(publicIssued.NotBefore)) / 86_400_000, 198);
    const notExportable = await cli(
      'export-certificate',
      '--certificate-arn',
      publicArn,
      '--passphrase',
      `fileb://${passFile}`,
    );
    t.match(notExportable.stderr, /\(ValidationException\).*Options\.Export=ENABLED/);
  },
);
