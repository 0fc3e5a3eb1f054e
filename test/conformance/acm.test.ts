/** AWS CLI v2 against aws-local's ACM: request, describe, get, export (passphrase from a file), errors. */
import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import t from 'tap';
import { awsCli, awsCliAvailable } from '../helpers/aws-cli.js';
import { startTestAwsLocal } from '../helpers/aws-local.js';
import { activateRoot, createCa } from '../services/aws-local/acm-pca/helpers.js';
import { openssl, scratchDir } from '../helpers/openssl.js';

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
  const noCa = await cli('request-certificate', '--domain-name', 'public.example.com');
  t.equal(noCa.exitCode, 254);
  t.match(noCa.stderr, /\(ValidationException\)/);
});
