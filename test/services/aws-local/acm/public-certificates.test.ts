import { X509Certificate, createPrivateKey } from 'node:crypto';
import {
  ACMClient,
  DescribeCertificateCommand,
  ExportCertificateCommand,
  GetCertificateCommand,
  ListCertificatesCommand,
  RenewCertificateCommand,
  RequestCertificateCommand,
} from '@aws-sdk/client-acm';
import t from 'tap';
import { startTestAwsLocal } from '../../../helpers/aws-local.ts';

const DAY_MS = 86_400_000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

async function setup(t: Parameters<typeof startTestAwsLocal>[0]) {
  const local = await startTestAwsLocal(t, {
    tickIntervalMs: 0,
    timings: { 'acm.visible': 0, 'acm.validate': 60_000 },
  });
  const acm = new ACMClient(local.clientConfig);
  const describe = async (arn: string) =>
    (await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate!;
  const validate = () => local.control('POST', 'clock', { advanceSeconds: 61 });
  return { local, acm, describe, validate };
}

t.test(
  'an exportable public certificate: DNS validation done after acm.validate, signed by the emulated Amazon CA, serverAuth only, 198 days',
  async (t) => {
    const { acm, describe, validate } = await setup(t);
    const { CertificateArn } = await acm.send(
      new RequestCertificateCommand({
        DomainName: 'api.example.com',
        SubjectAlternativeNames: ['www.example.com'],
        ValidationMethod: 'DNS',
        Options: { Export: 'ENABLED' },
      }),
    );
    const pending = await describe(CertificateArn!);
    t.match(pending, { Status: 'PENDING_VALIDATION', Type: 'AMAZON_ISSUED', Options: { Export: 'ENABLED' } });
    t.equal(pending.CertificateAuthorityArn, undefined);
    t.match(pending.DomainValidationOptions, [
      {
        DomainName: 'api.example.com',
        ValidationMethod: 'DNS',
        ValidationStatus: 'PENDING_VALIDATION',
        ResourceRecord: {
          Type: 'CNAME',
          Name: /^_[0-9a-f]{32}\.api\.example\.com\.$/,
          Value: /\.acm-validations\.aws\.$/,
        },
      },
      { DomainName: 'www.example.com' },
    ]);
    const passphrase = Buffer.from('public-passphrase');
    await t.rejects(acm.send(new ExportCertificateCommand({ CertificateArn, Passphrase: passphrase })), {
      name: 'RequestInProgressException',
    });

    await validate();
    const issued = await describe(CertificateArn!);
    t.match(issued, { Status: 'ISSUED', Issuer: 'Amazon', RenewalEligibility: 'INELIGIBLE' });
    t.same(
      issued.ExtendedKeyUsages?.map((e) => e.Name),
      ['TLS_WEB_SERVER_AUTHENTICATION'],
    );
    t.equal(issued.DomainValidationOptions?.[0]?.ValidationStatus, 'SUCCESS');
    t.equal((issued.NotAfter!.getTime() - issued.NotBefore!.getTime()) / DAY_MS, 198);

    const exported = await acm.send(new ExportCertificateCommand({ CertificateArn, Passphrase: passphrase }));
    const leaf = new X509Certificate(exported.Certificate!);
    const chain = exported
      .CertificateChain!.split(/(?<=-----END CERTIFICATE-----)\s*/)
      .filter((p) => p.trim())
      .map((p) => new X509Certificate(p));
    const intermediate = chain.at(0)!;
    const root = chain.at(1)!;
    t.ok(leaf.verify(intermediate.publicKey), 'the leaf is signed by the intermediate');
    t.ok(intermediate.verify(root.publicKey) && root.verify(root.publicKey), 'which the self-signed root signed');
    t.match(root.subject, /aws-local Amazon Root CA 1/);
    t.same(leaf.keyUsage, [SERVER_AUTH], 'serverAuth only');
    t.notOk(leaf.keyUsage?.includes(CLIENT_AUTH));
    t.match(leaf.subjectAltName, /DNS:api\.example\.com, DNS:www\.example\.com/);
    t.ok(createPrivateKey({ key: exported.PrivateKey!, passphrase }), 'the key decrypts');
    t.ok(leaf.checkPrivateKey(createPrivateKey({ key: exported.PrivateKey!, passphrase })), 'and matches the leaf');

    await t.rejects(acm.send(new RenewCertificateCommand({ CertificateArn })), { name: 'ValidationException' });
    const listed = await acm.send(new ListCertificatesCommand({ Includes: { exportOption: 'ENABLED' } }));
    t.same(
      listed.CertificateSummaryList?.map((c) => [c.CertificateArn, c.Type]),
      [[CertificateArn, 'AMAZON_ISSUED']],
    );
  },
);

t.test('a public certificate requested without Export cannot be exported', async (t) => {
  const { acm, validate } = await setup(t);
  const { CertificateArn } = await acm.send(
    new RequestCertificateCommand({ DomainName: 'site.example.com', ValidationMethod: 'DNS' }),
  );
  await validate();
  await t.rejects(
    acm.send(new ExportCertificateCommand({ CertificateArn, Passphrase: Buffer.from('public-passphrase') })),
    { name: 'ValidationException', message: /without Options\.Export=ENABLED/ },
  );
  const listed = await acm.send(new ListCertificatesCommand({ Includes: { exportOption: 'ENABLED' } }));
  t.same(listed.CertificateSummaryList, []);
});

t.test('public certificates and the emulated Amazon CA survive a restart', async (t) => {
  const timings = { 'acm.visible': 0, 'acm.validate': 60_000 };
  const first = await startTestAwsLocal(t, { tickIntervalMs: 0, timings });
  const requestPublic = async (acm: ACMClient, domain: string) =>
    (await acm.send(new RequestCertificateCommand({ DomainName: domain, Options: { Export: 'ENABLED' } })))
      .CertificateArn!;
  const rootOf = async (acm: ACMClient, arn: string) => {
    const { CertificateChain } = await acm.send(new GetCertificateCommand({ CertificateArn: arn }));
    return CertificateChain!
      .trim()
      .split(/(?<=-----END CERTIFICATE-----)\s*/)
      .at(-1);
  };
  const firstAcm = new ACMClient(first.clientConfig);
  const arn = await requestPublic(firstAcm, 'api.example.com');
  await first.control('POST', 'clock', { advanceSeconds: 61 });
  const root = await rootOf(firstAcm, arn);
  await first.close();

  const local = await startTestAwsLocal(t, { stateDir: first.stateDir, tickIntervalMs: 0, timings });
  const acm = new ACMClient(local.clientConfig);
  const described = (await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate!;
  t.match(described, { Type: 'AMAZON_ISSUED', Status: 'ISSUED', Options: { Export: 'ENABLED' } });
  const second = await requestPublic(acm, 'www.example.com');
  await local.control('POST', 'clock', { advanceSeconds: 61 });
  t.ok(root?.includes('BEGIN CERTIFICATE'));
  t.equal(await rootOf(acm, second), root, 'the same emulated root signs after the restart');
});
