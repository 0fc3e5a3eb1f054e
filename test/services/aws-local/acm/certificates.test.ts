import {
  ACMClient,
  AddTagsToCertificateCommand,
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  ExportCertificateCommand,
  GetAccountConfigurationCommand,
  GetCertificateCommand,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
  PutAccountConfigurationCommand,
  RemoveTagsFromCertificateCommand,
  RenewCertificateCommand,
  RequestCertificateCommand,
  type RequestCertificateCommandInput,
} from '@aws-sdk/client-acm';
import { ACMPCAClient, CreatePermissionCommand, UpdateCertificateAuthorityCommand } from '@aws-sdk/client-acm-pca';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import t from 'tap';
import { x509 } from '../../../../services/aws-local/acm-pca/x509.ts';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';
import { activateRoot, activateSubordinate, createCa } from '../acm-pca/helpers.ts';

const DAY_MS = 86_400_000;
const ACM_ARN = /^arn:aws:acm:us-east-1:000000000000:certificate\/[0-9a-f-]{36}$/;

async function setup(t: Teardown, timings: Record<string, number> = {}) {
  const local = await startTestAwsLocal(t, {
    timings: { 'pca.issue': 0, 'acm.issue': 0, 'acm.visible': 0, 'acm.renew': 0, ...timings },
  });
  const pca = new ACMPCAClient(local.clientConfig);
  const acm = new ACMClient(local.clientConfig);
  const rootArn = await createCa(pca, { commonName: 'ACM Test Root' });
  await activateRoot(pca, rootArn);
  const advance = (seconds: number) => local.control('POST', 'clock', { advanceSeconds: seconds });
  return { local, pca, acm, rootArn, advance };
}

const request = (
  acm: ACMClient,
  input: Partial<RequestCertificateCommandInput> & { CertificateAuthorityArn: string },
) =>
  acm.send(new RequestCertificateCommand({ DomainName: 'colorteller.local', KeyAlgorithm: 'EC_prime256v1', ...input }));

const describe = async (acm: ACMClient, arn: string) =>
  (await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate!;

t.test('RequestCertificate: invisible at first, PENDING_VALIDATION, then ISSUED with the AWS field set', async (t) => {
  const { acm, rootArn, advance } = await setup(t, { 'acm.visible': 10_000, 'acm.issue': 60_000 });
  const { CertificateArn } = await request(acm, {
    CertificateAuthorityArn: rootArn,
    SubjectAlternativeNames: ['colorteller.local', 'teller.svc'],
    Tags: [{ Key: 'identity', Value: 'colorteller' }],
  });
  t.match(CertificateArn, ACM_ARN);
  await t.rejects(
    describe(acm, CertificateArn!),
    { name: 'ResourceNotFoundException' },
    'not visible right after the request',
  );
  await advance(11);
  const pending = await describe(acm, CertificateArn!);
  t.equal(pending.Status, 'PENDING_VALIDATION');
  t.equal(pending.Serial, undefined);
  await t.rejects(acm.send(new GetCertificateCommand({ CertificateArn })), { name: 'RequestInProgressException' });
  await t.rejects(
    acm.send(new ExportCertificateCommand({ CertificateArn, Passphrase: Buffer.from('good-passphrase') })),
    {
      name: 'RequestInProgressException',
    },
  );
  await advance(60);
  const issued = await describe(acm, CertificateArn!);
  t.match(issued, {
    CertificateArn,
    DomainName: 'colorteller.local',
    SubjectAlternativeNames: ['colorteller.local', 'teller.svc'],
    Subject: 'CN=colorteller.local',
    Issuer: 'ACM Test Root',
    Status: 'ISSUED',
    KeyAlgorithm: 'EC-prime256v1',
    SignatureAlgorithm: 'SHA256WITHECDSA',
    InUseBy: [],
    Type: 'PRIVATE',
    KeyUsages: [{ Name: 'DIGITAL_SIGNATURE' }, { Name: 'KEY_ENCIPHERMENT' }],
    ExtendedKeyUsages: [
      { Name: 'TLS_WEB_SERVER_AUTHENTICATION', OID: '1.3.6.1.5.5.7.3.1' },
      { Name: 'TLS_WEB_CLIENT_AUTHENTICATION', OID: '1.3.6.1.5.5.7.3.2' },
    ],
    CertificateAuthorityArn: rootArn,
    RenewalEligibility: 'INELIGIBLE',
  });
  t.match(issued.Serial, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  t.ok(issued.CreatedAt! < issued.IssuedAt!);
  const lifetimeDays = (issued.NotAfter!.getTime() - issued.IssuedAt!.getTime()) / DAY_MS;
  t.ok(lifetimeDays > 394.9 && lifetimeDays < 395.1, `395 days of validity (${lifetimeDays})`);

  const { Certificate, CertificateChain } = await acm.send(new GetCertificateCommand({ CertificateArn }));
  const leaf = new x509.X509Certificate(Certificate!);
  t.equal(leaf.serialNumber.toLowerCase(), issued.Serial!.replace(/:/g, ''));
  t.same(leaf.getExtension(x509.ExtendedKeyUsageExtension)!.usages, [
    x509.ExtendedKeyUsage.serverAuth,
    x509.ExtendedKeyUsage.clientAuth,
  ]);
  t.same(leaf.getExtension(x509.SubjectAlternativeNameExtension)!.names.toJSON(), [
    { type: 'dns', value: 'colorteller.local' },
    { type: 'dns', value: 'teller.svc' },
  ]);
  const root = new x509.X509Certificate(CertificateChain!);
  t.ok(await leaf.verify({ publicKey: root.publicKey, signatureOnly: true }), 'really signed by the Private CA');
  t.same((await acm.send(new ListTagsForCertificateCommand({ CertificateArn }))).Tags, [
    { Key: 'identity', Value: 'colorteller' },
  ]);
});

t.test('RequestCertificate idempotency: same token and arguments within an hour give the same ARN', async (t) => {
  const { acm, rootArn, advance } = await setup(t);
  const a = await request(acm, { CertificateAuthorityArn: rootArn, IdempotencyToken: 'tok1' });
  const b = await request(acm, { CertificateAuthorityArn: rootArn, IdempotencyToken: 'tok1' });
  t.equal(b.CertificateArn, a.CertificateArn);
  const c = await request(acm, {
    CertificateAuthorityArn: rootArn,
    IdempotencyToken: 'tok1',
    DomainName: 'other.local',
  });
  t.not(c.CertificateArn, a.CertificateArn, 'different arguments make a new certificate');
  await advance(3601);
  const d = await request(acm, { CertificateAuthorityArn: rootArn, IdempotencyToken: 'tok1' });
  t.not(d.CertificateArn, a.CertificateArn, 'the token expired after an hour');
});

t.test('a CA that cannot issue: the request is accepted and the certificate FAILS with the PCA reason', async (t) => {
  const { acm, pca, rootArn } = await setup(t);
  const failureOf = async (input: Parameters<typeof request>[1]) => {
    const { CertificateArn } = await request(acm, input);
    const detail = await describe(acm, CertificateArn!);
    return [detail.Status, detail.FailureReason];
  };
  t.same(
    await failureOf({ CertificateAuthorityArn: rootArn, KeyAlgorithm: 'RSA_2048' }),
    ['FAILED', 'PCA_INVALID_ARGS'],
    'key family mismatch',
  );
  const pending = await createCa(pca, { commonName: 'Pending' });
  t.same(
    await failureOf({ CertificateAuthorityArn: pending }),
    ['FAILED', 'PCA_INVALID_STATE'],
    'PENDING_CERTIFICATE CA',
  );
  const shortLived = await createCa(pca, {
    type: 'SUBORDINATE',
    usageMode: 'SHORT_LIVED_CERTIFICATE',
    commonName: 'Short',
  });
  await activateSubordinate(pca, rootArn, shortLived);
  t.same(
    await failureOf({ CertificateAuthorityArn: shortLived }),
    ['FAILED', 'PCA_INVALID_DURATION'],
    'short-lived CA',
  );
  t.same(
    await failureOf({
      CertificateAuthorityArn:
        'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/00000000-0000-0000-0000-000000000000',
    }),
    ['FAILED', 'PCA_RESOURCE_NOT_FOUND'],
    'no such CA',
  );
  await pca.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: rootArn, Status: 'DISABLED' }));
  const { CertificateArn } = await request(acm, { CertificateAuthorityArn: rootArn });
  t.match(
    await describe(acm, CertificateArn!),
    { Status: 'FAILED', FailureReason: 'PCA_INVALID_STATE' },
    'DISABLED CA refuses',
  );
  await t.rejects(acm.send(new GetCertificateCommand({ CertificateArn })), {
    name: 'ValidationException',
    message: /FAILED/,
  });
});

t.test('RequestCertificate input errors', async (t) => {
  const { acm, rootArn } = await setup(t);
  // Without CertificateAuthorityArn it is a public certificate (public-certificates.test.ts), not an error.
  const { CertificateArn } = await acm.send(new RequestCertificateCommand({ DomainName: 'public.example.com' }));
  const described = await acm.send(new DescribeCertificateCommand({ CertificateArn }));
  t.equal(described.Certificate?.Type, 'AMAZON_ISSUED');
  await t.rejects(request(acm, { CertificateAuthorityArn: rootArn, KeyAlgorithm: 'RSA_4096' }), {
    name: 'InvalidParameterException',
  });
  await t.rejects(request(acm, { CertificateAuthorityArn: rootArn, DomainName: '-bad-.local' }), {
    name: 'ValidationException',
    message: /domainName/,
  });
});

t.test(
  'ExportCertificate: passphrase rules, encrypted PKCS#8 matching the certificate, renewal eligibility',
  async (t) => {
    const { acm, rootArn } = await setup(t);
    const { CertificateArn } = await request(acm, { CertificateAuthorityArn: rootArn });
    for (const bad of ['has#hash', 'has$dollar', 'has%percent']) {
      const err = await acm
        .send(new ExportCertificateCommand({ CertificateArn, Passphrase: Buffer.from(bad) }))
        .catch((e) => e);
      t.equal(err.name, 'ValidationException', `${bad[3]} is refused`);
      t.notMatch(err.message, bad, 'the passphrase is not echoed');
    }
    await t.rejects(acm.send(new ExportCertificateCommand({ CertificateArn, Passphrase: Buffer.from('abc') })), {
      name: 'ValidationException',
      message: /passphrase' failed to satisfy constraint: Member must have length greater than or equal to 4/,
    });
    const passphrase = Buffer.from('correct horse battery staple');
    const out = await acm.send(new ExportCertificateCommand({ CertificateArn, Passphrase: passphrase }));
    t.match(out.PrivateKey, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const key = createPrivateKey({ key: out.PrivateKey!, format: 'pem', passphrase });
    const certificateKey = createPublicKey(out.Certificate!).export({ type: 'spki', format: 'der' });
    t.ok(
      createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(certificateKey),
      'the key belongs to the certificate',
    );
    t.throws(() => createPrivateKey({ key: out.PrivateKey!, format: 'pem', passphrase: 'wrong' }));
    t.notMatch(out.CertificateChain!, out.Certificate!.trim(), 'the chain is without the leaf');
    const detail = await describe(acm, CertificateArn!);
    t.equal(detail.RenewalEligibility, 'ELIGIBLE', 'exported private certificates become eligible for renewal');
    const summary = await acm.send(new ListCertificatesCommand({ Includes: { keyTypes: ['EC_prime256v1'] } }));
    t.match(summary.CertificateSummaryList, [{ CertificateArn, Exported: true, RenewalEligibility: 'ELIGIBLE' }]);
    await t.rejects(
      acm.send(
        new ExportCertificateCommand({
          CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-0000-0000-000000000000',
          Passphrase: passphrase,
        }),
      ),
      { name: 'ResourceNotFoundException' },
    );
  },
);

t.test(
  'RenewCertificate: only exported, needs the ACM permission, then new serial and key on the same ARN',
  async (t) => {
    const { acm, pca, rootArn, advance } = await setup(t, { 'acm.renew': 30_000 });
    const { CertificateArn } = await request(acm, { CertificateAuthorityArn: rootArn });
    await t.rejects(acm.send(new RenewCertificateCommand({ CertificateArn })), {
      name: 'ValidationException',
      message: /eligible/,
    });
    const passphrase = Buffer.from('renewal-passphrase');
    const first = await acm.send(new ExportCertificateCommand({ CertificateArn, Passphrase: passphrase }));
    const before = await describe(acm, CertificateArn!);

    await acm.send(new RenewCertificateCommand({ CertificateArn }));
    t.match((await describe(acm, CertificateArn!)).RenewalSummary, { RenewalStatus: 'PENDING_AUTO_RENEWAL' });
    await advance(31);
    t.match(
      (await describe(acm, CertificateArn!)).RenewalSummary,
      { RenewalStatus: 'FAILED', RenewalStatusReason: 'PCA_ACCESS_DENIED' },
      'without CreatePermission for acm.amazonaws.com renewal fails',
    );
    t.equal((await describe(acm, CertificateArn!)).Serial, before.Serial, 'the certificate is unchanged');

    await pca.send(
      new CreatePermissionCommand({
        CertificateAuthorityArn: rootArn,
        Principal: 'acm.amazonaws.com',
        Actions: ['IssueCertificate', 'GetCertificate', 'ListPermissions'],
      }),
    );
    await advance(5);
    await acm.send(new RenewCertificateCommand({ CertificateArn }));
    await t.rejects(acm.send(new RenewCertificateCommand({ CertificateArn })), { name: 'RequestInProgressException' });
    t.equal(
      (await describe(acm, CertificateArn!)).Serial,
      before.Serial,
      'the old certificate serves until the renewal lands',
    );
    await advance(31);
    const after = await describe(acm, CertificateArn!);
    t.match(after.RenewalSummary, { RenewalStatus: 'SUCCESS' });
    t.not(after.Serial, before.Serial, 'new serial');
    t.ok(after.NotAfter! > before.NotAfter!, 'new validity');
    t.ok(after.IssuedAt! > before.IssuedAt!);
    const second = await acm.send(new ExportCertificateCommand({ CertificateArn, Passphrase: passphrase }));
    t.not(second.Certificate, first.Certificate);
    const spki = (pem: string) =>
      createPublicKey(createPrivateKey({ key: pem, passphrase })).export({ type: 'spki', format: 'der' });
    t.notOk(spki(second.PrivateKey!).equals(spki(first.PrivateKey!)), 'new key pair');
    t.ok(spki(second.PrivateKey!).equals(createPublicKey(second.Certificate!).export({ type: 'spki', format: 'der' })));
  },
);

t.test('ListCertificates: RSA_2048 only by default, filters, paging', async (t) => {
  const { acm, pca, rootArn } = await setup(t);
  const ec = await request(acm, { CertificateAuthorityArn: rootArn, DomainName: 'ec.local' });
  const rsaRoot = await createCa(pca, { keyAlgorithm: 'RSA_2048', commonName: 'RSA Root' });
  await activateRoot(pca, rsaRoot, 'SHA256WITHRSA');
  const rsa = await request(acm, {
    CertificateAuthorityArn: rsaRoot,
    DomainName: 'rsa.local',
    KeyAlgorithm: 'RSA_2048',
  });
  const rsa2 = await request(acm, {
    CertificateAuthorityArn: rsaRoot,
    DomainName: 'rsa2.local',
    KeyAlgorithm: undefined,
  });

  const byDefault = await acm.send(new ListCertificatesCommand({}));
  t.same(
    byDefault.CertificateSummaryList!.map((c) => c.CertificateArn),
    [rsa.CertificateArn, rsa2.CertificateArn],
  );
  t.match(byDefault.CertificateSummaryList![0], {
    DomainName: 'rsa.local',
    SubjectAlternativeNameSummaries: ['rsa.local'],
    Status: 'ISSUED',
    Type: 'PRIVATE',
    KeyAlgorithm: 'RSA_2048',
    KeyUsages: ['DIGITAL_SIGNATURE', 'KEY_ENCIPHERMENT'],
    ExtendedKeyUsages: ['TLS_WEB_SERVER_AUTHENTICATION', 'TLS_WEB_CLIENT_AUTHENTICATION'],
    InUse: false,
    Exported: false,
    RenewalEligibility: 'INELIGIBLE',
  });
  const all = await acm.send(
    new ListCertificatesCommand({ Includes: { keyTypes: ['EC_prime256v1', 'RSA_2048'] }, MaxItems: 2 }),
  );
  t.equal(all.CertificateSummaryList!.length, 2);
  const rest = await acm.send(
    new ListCertificatesCommand({
      Includes: { keyTypes: ['EC_prime256v1', 'RSA_2048'] },
      MaxItems: 2,
      NextToken: all.NextToken,
    }),
  );
  t.same(
    [...all.CertificateSummaryList!, ...rest.CertificateSummaryList!].map((c) => c.CertificateArn),
    [ec.CertificateArn, rsa.CertificateArn, rsa2.CertificateArn],
  );
  const codeSigning = await acm.send(new ListCertificatesCommand({ Includes: { extendedKeyUsage: ['CODE_SIGNING'] } }));
  t.same(codeSigning.CertificateSummaryList, []);
  const pendingOnly = await acm.send(new ListCertificatesCommand({ CertificateStatuses: ['PENDING_VALIDATION'] }));
  t.same(pendingOnly.CertificateSummaryList, []);
});

t.test('tags, delete, account configuration', async (t) => {
  const { acm, rootArn } = await setup(t);
  const { CertificateArn } = await request(acm, { CertificateAuthorityArn: rootArn });
  await acm.send(new AddTagsToCertificateCommand({ CertificateArn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b' }] }));
  await acm.send(
    new RemoveTagsFromCertificateCommand({ CertificateArn, Tags: [{ Key: 'a', Value: 'nope' }, { Key: 'b' }] }),
  );
  t.same((await acm.send(new ListTagsForCertificateCommand({ CertificateArn }))).Tags, [{ Key: 'a', Value: '1' }]);
  await t.rejects(
    acm.send(
      new AddTagsToCertificateCommand({
        CertificateArn,
        Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}` })),
      }),
    ),
    { name: 'TooManyTagsException' },
  );
  await acm.send(new DeleteCertificateCommand({ CertificateArn }));
  await t.rejects(describe(acm, CertificateArn!), { name: 'ResourceNotFoundException' });
  await t.rejects(
    acm.send(
      new DescribeCertificateCommand({ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/not-a-uuid' }),
    ),
    {
      name: 'InvalidArnException',
    },
  );

  t.same((await acm.send(new GetAccountConfigurationCommand({}))).ExpiryEvents, { DaysBeforeExpiry: 45 });
  await acm.send(
    new PutAccountConfigurationCommand({ ExpiryEvents: { DaysBeforeExpiry: 30 }, IdempotencyToken: 'cfg1' }),
  );
  t.same((await acm.send(new GetAccountConfigurationCommand({}))).ExpiryEvents, { DaysBeforeExpiry: 30 });
  await t.rejects(
    acm.send(new PutAccountConfigurationCommand({ ExpiryEvents: { DaysBeforeExpiry: 46 }, IdempotencyToken: 'cfg2' })),
    {
      name: 'ValidationException',
    },
  );
  await t.rejects(
    acm.send(new PutAccountConfigurationCommand({ ExpiryEvents: { DaysBeforeExpiry: 0 }, IdempotencyToken: 'cfg3' })),
    {
      name: 'ValidationException',
    },
  );
  await t.rejects(
    acm.send(new PutAccountConfigurationCommand({ ExpiryEvents: { DaysBeforeExpiry: 20 }, IdempotencyToken: 'cfg1' })),
    {
      name: 'ConflictException',
    },
  );
});
