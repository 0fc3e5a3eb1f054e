import {
  ACMPCAClient,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
  GetCertificateCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
  RevokeCertificateCommand,
  UpdateCertificateAuthorityCommand,
  type IssueCertificateCommandInput,
} from '@aws-sdk/client-acm-pca';
import t from 'tap';
import { x509 } from '../../../../services/aws-local/acm-pca/x509.ts';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';
import {
  activateRoot,
  activateSubordinate,
  createCa,
  getIssued,
  makeCsr,
  parseCertificate,
  TEMPLATE,
} from './helpers.ts';

const DAY_MS = 86_400_000;

async function setup(t: Teardown, timings: Record<string, number> = { 'pca.issue': 0 }) {
  const local = await startTestAwsLocal(t, { timings });
  return { local, client: new ACMPCAClient(local.clientConfig) };
}

async function activeRoot(client: ACMPCAClient, options: Parameters<typeof createCa>[1] = {}) {
  const arn = await createCa(client, options);
  await activateRoot(client, arn, options.keyAlgorithm?.startsWith('RSA') ? 'SHA256WITHRSA' : 'SHA256WITHECDSA');
  return arn;
}

function issueInput(
  caArn: string,
  csrPem: string,
  extra: Partial<IssueCertificateCommandInput> = {},
): IssueCertificateCommandInput {
  return {
    CertificateAuthorityArn: caArn,
    Csr: Buffer.from(csrPem),
    SigningAlgorithm: 'SHA256WITHECDSA',
    Validity: { Type: 'DAYS', Value: 30 },
    ...extra,
  };
}

const ekus = (cert: x509.X509Certificate) => cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages;
const keyUsage = (cert: x509.X509Certificate) => cert.getExtension(x509.KeyUsagesExtension)?.usages;

t.test('the root activation path: CSR → RootCACertificate/V1 while PENDING → import → ACTIVE', async (t) => {
  const { client } = await setup(t);
  const arn = await createCa(client, { commonName: 'Activation Root' });
  const pem = await activateRoot(client, arn);
  const root = parseCertificate(pem);
  t.equal(root.subject, root.issuer, 'self-issued');
  t.ok(await root.verify({ signatureOnly: true }), 'self-signed with the CA key');
  const constraints = root.getExtension(x509.BasicConstraintsExtension)!;
  t.equal(constraints.ca, true);
  t.equal(constraints.critical, true);
  t.equal(constraints.pathLength, undefined);
  const ku = root.getExtension(x509.KeyUsagesExtension)!;
  t.equal(ku.critical, true);
  t.equal(ku.usages, x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature);
  const ski = root.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
  t.equal(root.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId, ski, 'AKI = SKI on a root');
  t.match(root.serialNumber, /^[0-7][0-9a-f]{31}$/i, '16-byte positive serial');

  const { CertificateAuthority: ca } = await client.send(
    new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }),
  );
  t.equal(ca!.Status, 'ACTIVE');
  t.equal(ca!.Serial, root.serialNumber.toLowerCase());
  t.equal(ca!.NotAfter!.getTime(), root.notAfter.getTime());
  t.equal(ca!.NotBefore!.getTime(), root.notBefore.getTime());
  const own = await client.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: arn }));
  t.equal(parseCertificate(own.Certificate!).serialNumber, root.serialNumber);
  t.equal(own.CertificateChain, undefined, 'a root CA has no chain');
});

t.test('GetCertificate answers RequestInProgressException until pca.issue has passed', async (t) => {
  const { local, client } = await setup(t, { 'pca.issue': 60_000 });
  const arn = await createCa(client);
  const { Csr } = await client.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: arn }));
  const { CertificateArn } = await client.send(
    new IssueCertificateCommand(
      issueInput(arn, Csr!, { TemplateArn: TEMPLATE('RootCACertificate/V1'), Validity: { Type: 'YEARS', Value: 1 } }),
    ),
  );
  t.match(CertificateArn, new RegExp(`^${arn}/certificate/[0-9a-f]{32}$`));
  await t.rejects(client.send(new GetCertificateCommand({ CertificateAuthorityArn: arn, CertificateArn })), {
    name: 'RequestInProgressException',
  });
  await local.control('POST', 'clock', { advanceSeconds: 61 });
  const got = await client.send(new GetCertificateCommand({ CertificateAuthorityArn: arn, CertificateArn }));
  t.match(got.Certificate, /^-----BEGIN CERTIFICATE-----/);
  t.equal(got.CertificateChain, undefined, "a root CA's own certificate has no chain");
  await t.rejects(
    client.send(
      new GetCertificateCommand({
        CertificateAuthorityArn: arn,
        CertificateArn: `${arn}/certificate/00112233445566778899aabbccddeeff`,
      }),
    ),
    { name: 'ResourceNotFoundException' },
  );
});

t.test('end-entity templates put real extensions in; SANs come from the CSR', async (t) => {
  const { client } = await setup(t);
  const arn = await activeRoot(client);
  const rootCert = parseCertificate(
    (await client.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: arn }))).Certificate!,
  );
  const csr = await makeCsr({ commonName: 'colorteller', dnsNames: ['colorteller.local', 'teller.svc'] });
  const cases: Array<[string | undefined, string[], number]> = [
    [
      undefined,
      [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
    ],
    [
      'EndEntityCertificate/V1',
      [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
    ],
    ['EndEntityClientAuthCertificate/V1', [x509.ExtendedKeyUsage.clientAuth], x509.KeyUsageFlags.digitalSignature],
    [
      'EndEntityServerAuthCertificate/V1',
      [x509.ExtendedKeyUsage.serverAuth],
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
    ],
  ];
  for (const [template, expectedEkus, expectedKu] of cases) {
    const { CertificateArn } = await client.send(
      new IssueCertificateCommand(issueInput(arn, csr.csrPem, template ? { TemplateArn: TEMPLATE(template) } : {})),
    );
    const got = await getIssued(client, arn, CertificateArn!);
    const leaf = parseCertificate(got.Certificate!);
    t.same(ekus(leaf), expectedEkus, `${template ?? 'default'}: EKU`);
    t.equal(keyUsage(leaf), expectedKu, `${template ?? 'default'}: key usage`);
    t.equal(leaf.getExtension(x509.BasicConstraintsExtension)!.ca, false);
    t.same(leaf.getExtension(x509.SubjectAlternativeNameExtension)!.names.toJSON(), [
      { type: 'dns', value: 'colorteller.local' },
      { type: 'dns', value: 'teller.svc' },
    ]);
    t.equal(leaf.subject, 'CN=colorteller');
    t.equal(leaf.issuer, rootCert.subject);
    t.ok(Buffer.from(leaf.publicKey.rawData).equals(csr.publicKeyDer), 'the CSR key is certified');
    t.equal(
      leaf.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId,
      rootCert.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId,
      'AKI names the root key',
    );
    t.ok(leaf.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
    t.ok(await leaf.verify({ publicKey: rootCert.publicKey, signatureOnly: true }), 'signed by the root');
    t.equal(got.CertificateChain!.trim(), rootCert.toString('pem').trim(), 'the chain is the CA certificate');
    const days = (leaf.notAfter.getTime() - Date.now()) / DAY_MS;
    t.ok(days > 29.9 && days < 30.1, 'validity of 30 days');
    t.ok(Date.now() - leaf.notBefore.getTime() > 59 * 60_000, 'Not Before backdated by an hour');
  }
});

t.test('validity types ABSOLUTE, END_DATE, MONTHS and ValidityNotBefore', async (t) => {
  const { client } = await setup(t);
  const arn = await activeRoot(client);
  const csr = await makeCsr();
  const notAfterOf = async (extra: Partial<IssueCertificateCommandInput>) => {
    const { CertificateArn } = await client.send(new IssueCertificateCommand(issueInput(arn, csr.csrPem, extra)));
    return parseCertificate((await getIssued(client, arn, CertificateArn!)).Certificate!);
  };
  const future = Math.floor(Date.now() / 1000) + 90 * 86_400;
  t.equal((await notAfterOf({ Validity: { Type: 'ABSOLUTE', Value: future } })).notAfter.getTime(), future * 1000);
  t.equal(
    (await notAfterOf({ Validity: { Type: 'END_DATE', Value: 20300102030405 } })).notAfter.toISOString(),
    '2030-01-02T03:04:05.000Z',
  );
  t.equal(
    (await notAfterOf({ Validity: { Type: 'END_DATE', Value: 301231235959 } })).notAfter.toISOString(),
    '2030-12-31T23:59:59.000Z',
    'UTCTime YY < 50 is 20YY',
  );
  const months = await notAfterOf({ Validity: { Type: 'MONTHS', Value: 2 } });
  t.ok((months.notAfter.getTime() - Date.now()) / DAY_MS > 58);
  const start = Math.floor(Date.now() / 1000) + 3600;
  t.equal(
    (await notAfterOf({ ValidityNotBefore: { Type: 'ABSOLUTE', Value: start } })).notBefore.getTime(),
    start * 1000,
  );
  await t.rejects(
    client.send(
      new IssueCertificateCommand(issueInput(arn, csr.csrPem, { Validity: { Type: 'END_DATE', Value: 123 } })),
    ),
    {
      name: 'InvalidArgsException',
    },
  );
  await t.rejects(
    client.send(new IssueCertificateCommand(issueInput(arn, csr.csrPem, { Validity: { Type: 'YEARS', Value: 20 } }))),
    { name: 'ValidationException', message: /CA certificate/ },
    'a certificate cannot outlive its CA',
  );
});

t.test(
  'IssueCertificate refuses: wrong signing family, DISABLED or PENDING CA, bad CSR, unknown template',
  async (t) => {
    const { client } = await setup(t);
    const arn = await activeRoot(client);
    const csr = await makeCsr({ key: 'RSA' });
    await t.rejects(
      client.send(new IssueCertificateCommand(issueInput(arn, csr.csrPem, { SigningAlgorithm: 'SHA256WITHRSA' }))),
      {
        name: 'InvalidArgsException',
        message: /SHA256WITHRSA/,
      },
    );
    // An RSA root signs only with an RSA algorithm.
    const rsaRoot = await activeRoot(client, { keyAlgorithm: 'RSA_2048', commonName: 'RSA Root' });
    await t.rejects(
      client.send(
        new IssueCertificateCommand(issueInput(rsaRoot, csr.csrPem, { SigningAlgorithm: 'SHA384WITHECDSA' })),
      ),
      {
        name: 'InvalidArgsException',
      },
    );
    const ok = await client.send(
      new IssueCertificateCommand(issueInput(rsaRoot, csr.csrPem, { SigningAlgorithm: 'SHA384WITHRSA' })),
    );
    const leaf = parseCertificate((await getIssued(client, rsaRoot, ok.CertificateArn!)).Certificate!);
    t.match(leaf.signatureAlgorithm, { name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-384' } });

    await client.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: arn, Status: 'DISABLED' }));
    await t.rejects(
      client.send(new IssueCertificateCommand(issueInput(arn, csr.csrPem))),
      { name: 'InvalidStateException' },
      'DISABLED',
    );

    const pending = await createCa(client, { commonName: 'Pending' });
    await t.rejects(
      client.send(new IssueCertificateCommand(issueInput(pending, csr.csrPem))),
      { name: 'InvalidStateException' },
      'PENDING',
    );
    await t.rejects(
      client.send(
        new IssueCertificateCommand(issueInput(pending, csr.csrPem, { TemplateArn: TEMPLATE('RootCACertificate/V1') })),
      ),
      { name: 'InvalidArgsException', message: /own CSR/ },
      "RootCACertificate/V1 signs only the CA's own CSR",
    );
    await t.rejects(
      client.send(new IssueCertificateCommand(issueInput(rsaRoot, 'not a csr', { SigningAlgorithm: 'SHA256WITHRSA' }))),
      {
        name: 'MalformedCSRException',
      },
    );
    const tampered = csr.csrPem.replace(
      /^(-----BEGIN CERTIFICATE REQUEST-----\n.{40})(.)/m,
      (_, head, c) => head + (c === 'A' ? 'B' : 'A'),
    );
    await t.rejects(
      client.send(new IssueCertificateCommand(issueInput(rsaRoot, tampered, { SigningAlgorithm: 'SHA256WITHRSA' }))),
      {
        name: 'MalformedCSRException',
      },
    );
    await t.rejects(
      client.send(
        new IssueCertificateCommand(
          issueInput(rsaRoot, csr.csrPem, {
            SigningAlgorithm: 'SHA256WITHRSA',
            TemplateArn: TEMPLATE('NoSuchTemplate/V1'),
          }),
        ),
      ),
      { name: 'InvalidArgsException' },
    );
  },
);

t.test('SHORT_LIVED_CERTIFICATE CAs issue at most 7 days', async (t) => {
  const { client } = await setup(t);
  const root = await activeRoot(client);
  const shortLived = await createCa(client, {
    type: 'SUBORDINATE',
    usageMode: 'SHORT_LIVED_CERTIFICATE',
    commonName: 'Short',
  });
  await activateSubordinate(client, root, shortLived);
  const csr = await makeCsr();
  await t.rejects(
    client.send(
      new IssueCertificateCommand(issueInput(shortLived, csr.csrPem, { Validity: { Type: 'DAYS', Value: 8 } })),
    ),
    { name: 'ValidationException', message: /7 days/ },
  );
  const { CertificateArn } = await client.send(
    new IssueCertificateCommand(issueInput(shortLived, csr.csrPem, { Validity: { Type: 'DAYS', Value: 7 } })),
  );
  const leaf = parseCertificate((await getIssued(client, shortLived, CertificateArn!)).Certificate!);
  t.ok(leaf.notAfter.getTime() - Date.now() <= 7 * DAY_MS);
});

t.test('IssueCertificate idempotency token returns the same certificate within a minute', async (t) => {
  const { local, client } = await setup(t);
  const arn = await activeRoot(client);
  const csr = await makeCsr();
  const a = await client.send(
    new IssueCertificateCommand(issueInput(arn, csr.csrPem, { IdempotencyToken: 'issue-1' })),
  );
  const b = await client.send(
    new IssueCertificateCommand(issueInput(arn, csr.csrPem, { IdempotencyToken: 'issue-1' })),
  );
  t.equal(b.CertificateArn, a.CertificateArn);
  await local.control('POST', 'clock', { advanceSeconds: 61 });
  const c = await client.send(
    new IssueCertificateCommand(issueInput(arn, csr.csrPem, { IdempotencyToken: 'issue-1' })),
  );
  t.not(c.CertificateArn, a.CertificateArn, 'the token expired');
});

t.test(
  'ImportCertificateAuthorityCertificate rejects a wrong key, a bad chain and root/subordinate mix-ups',
  async (t) => {
    const { client } = await setup(t);
    const root = await activeRoot(client, { commonName: 'Import Root' });
    const rootPem = (
      await client.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: root }))
    ).Certificate!;

    // A certificate for some other key, validly signed by the root, must not install on this CA.
    const sub = await createCa(client, { type: 'SUBORDINATE', commonName: 'Sub' });
    const stranger = await makeCsr({ commonName: 'Sub' });
    const wrong = await client.send(
      new IssueCertificateCommand(
        issueInput(root, stranger.csrPem, {
          TemplateArn: TEMPLATE('SubordinateCACertificate_PathLen0/V1'),
          Validity: { Type: 'YEARS', Value: 1 },
        }),
      ),
    );
    const wrongPem = (await getIssued(client, root, wrong.CertificateArn!)).Certificate!;
    await t.rejects(
      client.send(
        new ImportCertificateAuthorityCertificateCommand({
          CertificateAuthorityArn: sub,
          Certificate: Buffer.from(wrongPem),
          CertificateChain: Buffer.from(rootPem),
        }),
      ),
      { name: 'CertificateMismatchException' },
    );
    await t.rejects(
      client.send(
        new ImportCertificateAuthorityCertificateCommand({
          CertificateAuthorityArn: sub,
          Certificate: Buffer.from('garbage'),
        }),
      ),
      { name: 'MalformedCertificateException' },
    );

    const { Csr } = await client.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: sub }));
    const right = await client.send(
      new IssueCertificateCommand(
        issueInput(root, Csr!, {
          TemplateArn: TEMPLATE('SubordinateCACertificate_PathLen0/V1'),
          Validity: { Type: 'YEARS', Value: 1 },
        }),
      ),
    );
    const rightPem = (await getIssued(client, root, right.CertificateArn!)).Certificate!;
    await t.rejects(
      client.send(
        new ImportCertificateAuthorityCertificateCommand({
          CertificateAuthorityArn: sub,
          Certificate: Buffer.from(rightPem),
        }),
      ),
      { name: 'InvalidRequestException', message: /chain/ },
      'a subordinate needs its chain',
    );
    const otherRoot = await activeRoot(client, { commonName: 'Other Root' });
    const otherRootPem = (
      await client.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: otherRoot }))
    ).Certificate!;
    await t.rejects(
      client.send(
        new ImportCertificateAuthorityCertificateCommand({
          CertificateAuthorityArn: sub,
          Certificate: Buffer.from(rightPem),
          CertificateChain: Buffer.from(otherRootPem),
        }),
      ),
      { name: 'CertificateMismatchException' },
      'the chain must have signed the certificate',
    );
    await client.send(
      new ImportCertificateAuthorityCertificateCommand({
        CertificateAuthorityArn: sub,
        Certificate: Buffer.from(rightPem),
        CertificateChain: Buffer.from(rootPem),
      }),
    );
    const described = await client.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: sub }));
    t.equal(described.CertificateAuthority!.Status, 'ACTIVE');
    const subCert = await client.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: sub }));
    t.equal(subCert.CertificateChain!.trim(), rootPem.trim(), 'the subordinate chain is the root');
    const pathLen = parseCertificate(subCert.Certificate!).getExtension(x509.BasicConstraintsExtension)!;
    t.equal(pathLen.ca, true);
    t.equal(pathLen.pathLength, 0);

    // A PathLen0 subordinate cannot issue further CA certificates.
    const deeper = await makeCsr();
    await t.rejects(
      client.send(
        new IssueCertificateCommand(
          issueInput(sub, deeper.csrPem, { TemplateArn: TEMPLATE('SubordinateCACertificate_PathLen0/V1') }),
        ),
      ),
      { name: 'InvalidArgsException', message: /path length/ },
    );

    // A pending root refuses a certificate issued for another CA's key.
    const pendingRoot = await createCa(client, { commonName: 'Pending Root' });
    await t.rejects(
      client.send(
        new ImportCertificateAuthorityCertificateCommand({
          CertificateAuthorityArn: pendingRoot,
          Certificate: Buffer.from(rightPem),
        }),
      ),
      { name: 'CertificateMismatchException' },
    );
  },
);

t.test('RevokeCertificate marks a certificate revoked once', async (t) => {
  const { client } = await setup(t);
  const arn = await activeRoot(client);
  const csr = await makeCsr();
  const { CertificateArn } = await client.send(new IssueCertificateCommand(issueInput(arn, csr.csrPem)));
  const serial = CertificateArn!.split('/').at(-1)!;
  const colons = serial.match(/../g)!.join(':').toUpperCase();
  await client.send(
    new RevokeCertificateCommand({
      CertificateAuthorityArn: arn,
      CertificateSerial: colons,
      RevocationReason: 'KEY_COMPROMISE',
    }),
  );
  await t.rejects(
    client.send(
      new RevokeCertificateCommand({
        CertificateAuthorityArn: arn,
        CertificateSerial: serial,
        RevocationReason: 'KEY_COMPROMISE',
      }),
    ),
    { name: 'RequestAlreadyProcessedException' },
  );
  await t.rejects(
    client.send(
      new RevokeCertificateCommand({
        CertificateAuthorityArn: arn,
        CertificateSerial: 'abcdef',
        RevocationReason: 'UNSPECIFIED',
      }),
    ),
    { name: 'ResourceNotFoundException' },
  );
});
