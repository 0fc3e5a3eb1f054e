/** AWS CLI v2 against aws-local's Private CA: the root and subordinate activation paths and errors. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { awsCli, awsCliAvailable } from '../helpers/aws-cli.ts';
import { startTestAwsLocal } from '../helpers/aws-local.ts';
import { scratchDir, openssl } from '../helpers/openssl.ts';

if (!awsCliAvailable()) t.plan(0, 'AWS CLI v2 is not installed');

const TEMPLATE = (name: string) => `arn:aws:acm-pca:::template/${name}`;

t.test('acm-pca through the AWS CLI: create, activate a root and a subordinate, issue, get, errors', async (t) => {
  const local = await startTestAwsLocal(t, { timings: { 'pca.issue': 0 } });
  const files = await scratchDir(t);
  const cli = (...args: string[]) => awsCli(local.url, ['acm-pca', ...args]);
  const writeConfig = (name: string, commonName: string) =>
    files.write(
      name,
      JSON.stringify({
        KeyAlgorithm: 'EC_prime256v1',
        SigningAlgorithm: 'SHA256WITHECDSA',
        Subject: { Country: 'US', Organization: 'pca-mtls', CommonName: commonName },
      }),
    );

  const rootConfig = await writeConfig('root.json', 'CLI Root');
  const created = await cli(
    'create-certificate-authority',
    '--certificate-authority-configuration',
    `file://${rootConfig}`,
    '--certificate-authority-type',
    'ROOT',
    '--idempotency-token',
    'cli-root',
    '--tags',
    'Key=team,Value=platform',
  );
  t.equal(created.exitCode, 0, created.stderr);
  const rootArn: string = created.json.CertificateAuthorityArn;
  t.match(rootArn, /^arn:aws:acm-pca:us-east-1:000000000000:certificate-authority\/[0-9a-f-]{36}$/);

  const described = await cli('describe-certificate-authority', '--certificate-authority-arn', rootArn);
  t.match(described.json.CertificateAuthority, {
    Arn: rootArn,
    Status: 'PENDING_CERTIFICATE',
    Type: 'ROOT',
    UsageMode: 'GENERAL_PURPOSE',
    CertificateAuthorityConfiguration: { KeyAlgorithm: 'EC_prime256v1', Subject: { CommonName: 'CLI Root' } },
  });

  const csr = await cli('get-certificate-authority-csr', '--certificate-authority-arn', rootArn, '--output', 'text');
  t.equal(csr.exitCode, 0, csr.stderr);
  const csrFile = await files.write('root.csr', csr.stdout);
  const issued = await cli(
    'issue-certificate',
    '--certificate-authority-arn',
    rootArn,
    '--csr',
    `fileb://${csrFile}`,
    '--signing-algorithm',
    'SHA256WITHECDSA',
    '--template-arn',
    TEMPLATE('RootCACertificate/V1'),
    '--validity',
    'Value=10,Type=YEARS',
  );
  t.equal(issued.exitCode, 0, issued.stderr);
  const rootCertArn: string = issued.json.CertificateArn;
  t.ok(rootCertArn.startsWith(`${rootArn}/certificate/`));
  const rootCert = await cli(
    'get-certificate',
    '--certificate-authority-arn',
    rootArn,
    '--certificate-arn',
    rootCertArn,
  );
  t.equal(rootCert.json.CertificateChain, undefined);
  const rootPem = await files.write('root.pem', rootCert.json.Certificate);
  const imported = await cli(
    'import-certificate-authority-certificate',
    '--certificate-authority-arn',
    rootArn,
    '--certificate',
    `fileb://${rootPem}`,
  );
  t.equal(imported.exitCode, 0, imported.stderr);
  const active = await cli('describe-certificate-authority', '--certificate-authority-arn', rootArn);
  t.equal(active.json.CertificateAuthority.Status, 'ACTIVE');

  // Subordinate: CSR → root signs with PathLen0 → import with the chain.
  const subConfig = await writeConfig('sub.json', 'CLI Issuing CA');
  const sub = await cli(
    'create-certificate-authority',
    '--certificate-authority-configuration',
    `file://${subConfig}`,
    '--certificate-authority-type',
    'SUBORDINATE',
  );
  const subArn: string = sub.json.CertificateAuthorityArn;
  const subCsr = await cli('get-certificate-authority-csr', '--certificate-authority-arn', subArn, '--output', 'text');
  const subCsrFile = await files.write('sub.csr', subCsr.stdout);
  const subIssued = await cli(
    'issue-certificate',
    '--certificate-authority-arn',
    rootArn,
    '--csr',
    `fileb://${subCsrFile}`,
    '--signing-algorithm',
    'SHA256WITHECDSA',
    '--template-arn',
    TEMPLATE('SubordinateCACertificate_PathLen0/V1'),
    '--validity',
    'Value=5,Type=YEARS',
  );
  const subCert = await cli(
    'get-certificate',
    '--certificate-authority-arn',
    rootArn,
    '--certificate-arn',
    subIssued.json.CertificateArn,
  );
  const subPem = await files.write('sub.pem', subCert.json.Certificate);
  const subChain = await files.write('sub-chain.pem', subCert.json.CertificateChain);
  const subImported = await cli(
    'import-certificate-authority-certificate',
    '--certificate-authority-arn',
    subArn,
    '--certificate',
    `fileb://${subPem}`,
    '--certificate-chain',
    `fileb://${subChain}`,
  );
  t.equal(subImported.exitCode, 0, subImported.stderr);
  const subCa = await cli('get-certificate-authority-certificate', '--certificate-authority-arn', subArn);
  t.equal(subCa.json.CertificateChain.trim(), rootCert.json.Certificate.trim());

  // A leaf from the subordinate, verified by openssl.
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.key'], files.dir);
  const req = await openssl(
    [
      'req',
      '-new',
      '-key',
      'leaf.key',
      '-subj',
      '/CN=colorteller',
      '-addext',
      'subjectAltName=DNS:colorteller.local',
      '-out',
      'leaf.csr',
    ],
    files.dir,
  );
  t.equal(req.code, 0, req.stderr);
  const leafIssued = await cli(
    'issue-certificate',
    '--certificate-authority-arn',
    subArn,
    '--csr',
    `fileb://${join(files.dir, 'leaf.csr')}`,
    '--signing-algorithm',
    'SHA256WITHECDSA',
    '--validity',
    'Value=30,Type=DAYS',
    '--idempotency-token',
    'leaf-1',
  );
  t.equal(leafIssued.exitCode, 0, leafIssued.stderr);
  const leaf = await cli(
    'get-certificate',
    '--certificate-authority-arn',
    subArn,
    '--certificate-arn',
    leafIssued.json.CertificateArn,
  );
  await writeFile(join(files.dir, 'leaf.pem'), leaf.json.Certificate);
  await writeFile(join(files.dir, 'chain.pem'), leaf.json.CertificateChain);
  const verified = await openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'chain.pem', 'leaf.pem'], files.dir);
  t.equal(verified.code, 0, verified.stderr);

  const listed = await cli('list-certificate-authorities');
  t.equal(listed.json.CertificateAuthorities.length, 2);
  const tags = await cli('list-tags', '--certificate-authority-arn', rootArn);
  t.same(tags.json.Tags, [{ Key: 'team', Value: 'platform' }]);
  const permission = await cli(
    'create-permission',
    '--certificate-authority-arn',
    rootArn,
    '--principal',
    'acm.amazonaws.com',
    '--actions',
    'IssueCertificate',
    'GetCertificate',
    'ListPermissions',
  );
  t.equal(permission.exitCode, 0, permission.stderr);
  const permissions = await cli('list-permissions', '--certificate-authority-arn', rootArn);
  t.equal(permissions.json.Permissions[0].Principal, 'acm.amazonaws.com');

  // Errors: exit code 254 and AWS's error name in the message.
  const disabled = await cli(
    'update-certificate-authority',
    '--certificate-authority-arn',
    subArn,
    '--status',
    'DISABLED',
  );
  t.equal(disabled.exitCode, 0, disabled.stderr);
  const refused = await cli(
    'issue-certificate',
    '--certificate-authority-arn',
    subArn,
    '--csr',
    `fileb://${join(files.dir, 'leaf.csr')}`,
    '--signing-algorithm',
    'SHA256WITHECDSA',
    '--validity',
    'Value=30,Type=DAYS',
  );
  t.equal(refused.exitCode, 254);
  t.match(refused.stderr, /An error occurred \(InvalidStateException\) when calling the IssueCertificate operation/);
  const mismatch = await cli(
    'issue-certificate',
    '--certificate-authority-arn',
    rootArn,
    '--csr',
    `fileb://${join(files.dir, 'leaf.csr')}`,
    '--signing-algorithm',
    'SHA256WITHRSA',
    '--validity',
    'Value=30,Type=DAYS',
  );
  t.match(mismatch.stderr, /\(InvalidArgsException\)/);
  const missing = await cli(
    'describe-certificate-authority',
    '--certificate-authority-arn',
    'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/00000000-0000-0000-0000-000000000000',
  );
  t.equal(missing.exitCode, 254);
  t.match(missing.stderr, /\(ResourceNotFoundException\)/);
  const badEnum = await cli(
    'update-certificate-authority',
    '--certificate-authority-arn',
    subArn,
    '--status',
    'BROKEN',
  );
  t.not(badEnum.exitCode, 0, 'the CLI or the service rejects an unknown status');
});
