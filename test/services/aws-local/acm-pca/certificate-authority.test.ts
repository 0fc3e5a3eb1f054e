import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  CreatePermissionCommand,
  DeleteCertificateAuthorityCommand,
  DeletePermissionCommand,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCsrCommand,
  IssueCertificateCommand,
  ListCertificateAuthoritiesCommand,
  ListPermissionsCommand,
  ListTagsCommand,
  RestoreCertificateAuthorityCommand,
  TagCertificateAuthorityCommand,
  UntagCertificateAuthorityCommand,
  UpdateCertificateAuthorityCommand,
} from '@aws-sdk/client-acm-pca';
import t from 'tap';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';
import { activateRoot, createCa, makeCsr } from './helpers.ts';
import { x509 } from '../../../../services/aws-local/acm-pca/x509.ts';
import { nth } from '../../../helpers/present.ts';

const CA_ARN = /^arn:aws:acm-pca:us-east-1:000000000000:certificate-authority\/[0-9a-f-]{36}$/;

async function setup(t: Teardown) {
  const local = await startTestAwsLocal(t, { timings: { 'pca.issue': 0 } });
  return { local, client: new ACMPCAClient(local.clientConfig) };
}

t.test('CreateCertificateAuthority makes a PENDING_CERTIFICATE CA whose CSR is signed by its own key', async (t) => {
  const { client } = await setup(t);
  const out = await client.send(
    new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'ROOT',
      CertificateAuthorityConfiguration: {
        KeyAlgorithm: 'EC_secp384r1',
        SigningAlgorithm: 'SHA384WITHECDSA',
        Subject: { Country: 'DE', Organization: 'Example', OrganizationalUnit: 'Platform', CommonName: 'Example Root' },
      },
      Tags: [{ Key: 'team', Value: 'platform' }],
    }),
  );
  t.match(out.CertificateAuthorityArn, CA_ARN);
  const { CertificateAuthority: ca } = await client.send(
    new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: out.CertificateAuthorityArn }),
  );
  t.match(ca, {
    Arn: out.CertificateAuthorityArn,
    OwnerAccount: '000000000000',
    Type: 'ROOT',
    Status: 'PENDING_CERTIFICATE',
    UsageMode: 'GENERAL_PURPOSE',
    KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER',
    CertificateAuthorityConfiguration: { KeyAlgorithm: 'EC_secp384r1', SigningAlgorithm: 'SHA384WITHECDSA' },
    RevocationConfiguration: { CrlConfiguration: { Enabled: false } },
  });
  t.ok(ca!.CreatedAt instanceof Date && ca!.LastStateChangeAt instanceof Date);
  t.equal(ca!.Serial, undefined, 'no certificate yet');
  const { Csr } = await client.send(
    new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: out.CertificateAuthorityArn }),
  );
  const csr = new x509.Pkcs10CertificateRequest(Csr!);
  t.ok(await csr.verify(), 'the CSR signature verifies');
  t.equal(csr.subject, 'C=DE, O=Example, OU=Platform, CN=Example Root');
  t.equal((csr.publicKey.algorithm as EcKeyAlgorithm).namedCurve, 'P-384');
  const tags = await client.send(new ListTagsCommand({ CertificateAuthorityArn: out.CertificateAuthorityArn }));
  t.same(tags.Tags, [{ Key: 'team', Value: 'platform' }]);
});

interface EcKeyAlgorithm {
  namedCurve: string;
}

t.test(
  'CreateCertificateAuthority: idempotency token, unsupported keys, mismatched signing algorithm, bad enums',
  async (t) => {
    const { client } = await setup(t);
    const config = {
      KeyAlgorithm: 'EC_prime256v1' as const,
      SigningAlgorithm: 'SHA256WITHECDSA' as const,
      Subject: { CommonName: 'Idempotent' },
    };
    const a = await client.send(
      new CreateCertificateAuthorityCommand({
        CertificateAuthorityType: 'ROOT',
        CertificateAuthorityConfiguration: config,
        IdempotencyToken: 'tok-1',
      }),
    );
    const b = await client.send(
      new CreateCertificateAuthorityCommand({
        CertificateAuthorityType: 'ROOT',
        CertificateAuthorityConfiguration: config,
        IdempotencyToken: 'tok-1',
      }),
    );
    t.equal(b.CertificateAuthorityArn, a.CertificateAuthorityArn, 'same token within five minutes: same CA');
    const listed = await client.send(new ListCertificateAuthoritiesCommand({}));
    t.equal(listed.CertificateAuthorities!.length, 1);

    await t.rejects(
      client.send(
        new CreateCertificateAuthorityCommand({
          CertificateAuthorityType: 'ROOT',
          CertificateAuthorityConfiguration: {
            ...config,
            KeyAlgorithm: 'SM2' as never,
            SigningAlgorithm: 'SM3WITHSM2' as never,
          },
        }),
      ),
      { name: 'InvalidArgsException' },
    );
    await t.rejects(
      client.send(
        new CreateCertificateAuthorityCommand({
          CertificateAuthorityType: 'ROOT',
          CertificateAuthorityConfiguration: { ...config, SigningAlgorithm: 'SHA256WITHRSA' },
        }),
      ),
      { name: 'InvalidArgsException', message: /SHA256WITHRSA/ },
    );
    await t.rejects(
      client.send(
        new CreateCertificateAuthorityCommand({
          CertificateAuthorityType: 'ROOT',
          CertificateAuthorityConfiguration: { ...config, KeyAlgorithm: 'DSA_1024' as never },
        }),
      ),
      {
        name: 'ValidationException',
        message: /keyAlgorithm' failed to satisfy constraint: Member must satisfy enum value set/,
      },
    );
  },
);

t.test('DescribeCertificateAuthority: unknown CA and malformed ARN', async (t) => {
  const { client } = await setup(t);
  await t.rejects(
    client.send(
      new DescribeCertificateAuthorityCommand({
        CertificateAuthorityArn:
          'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/00000000-0000-0000-0000-000000000000',
      }),
    ),
    { name: 'ResourceNotFoundException' },
  );
  await t.rejects(
    client.send(
      new DescribeCertificateAuthorityCommand({
        CertificateAuthorityArn: 'arn:aws:acm:us-east-1:000000000000:certificate/x',
      }),
    ),
    { name: 'InvalidArnException' },
  );
});

t.test('ListCertificateAuthorities pages with MaxResults and NextToken', async (t) => {
  const { client } = await setup(t);
  const arns = [
    await createCa(client, { commonName: 'A' }),
    await createCa(client, { commonName: 'B' }),
    await createCa(client, { commonName: 'C' }),
  ];
  const first = await client.send(new ListCertificateAuthoritiesCommand({ MaxResults: 2 }));
  t.equal(first.CertificateAuthorities!.length, 2);
  t.ok(first.NextToken);
  const second = await client.send(
    new ListCertificateAuthoritiesCommand({ MaxResults: 2, NextToken: first.NextToken }),
  );
  t.same(
    [...first.CertificateAuthorities!, ...second.CertificateAuthorities!].map((c) => c.Arn),
    arns,
  );
  t.equal(second.NextToken, undefined);
  await t.rejects(client.send(new ListCertificateAuthoritiesCommand({ NextToken: 'bogus' })), {
    name: 'InvalidNextTokenException',
  });
});

t.test('UpdateCertificateAuthority follows the state rules', async (t) => {
  const { client } = await setup(t);
  const arn = await createCa(client);
  await t.rejects(
    client.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: arn, Status: 'DISABLED' })),
    { name: 'InvalidStateException' },
    'a PENDING_CERTIFICATE CA cannot be updated',
  );
  await activateRoot(client, arn);
  await client.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: arn, Status: 'DISABLED' }));
  let described = await client.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }));
  t.equal(described.CertificateAuthority!.Status, 'DISABLED');
  await t.rejects(
    client.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: arn, Status: 'EXPIRED' })),
    { name: 'InvalidArgsException' },
  );
  await client.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: arn, Status: 'ACTIVE' }));
  described = await client.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }));
  t.equal(described.CertificateAuthority!.Status, 'ACTIVE');
});

t.test(
  'DeleteCertificateAuthority: ACTIVE refuses, a DELETED CA refuses work, restore, then gone after the period',
  async (t) => {
    const { local, client } = await setup(t);
    const arn = await createCa(client);
    await activateRoot(client, arn);
    await t.rejects(client.send(new DeleteCertificateAuthorityCommand({ CertificateAuthorityArn: arn })), {
      name: 'InvalidStateException',
    });
    await client.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: arn, Status: 'DISABLED' }));
    await client.send(
      new DeleteCertificateAuthorityCommand({ CertificateAuthorityArn: arn, PermanentDeletionTimeInDays: 7 }),
    );
    const { CertificateAuthority: ca } = await client.send(
      new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }),
    );
    t.equal(ca!.Status, 'DELETED');
    const days = (ca!.RestorableUntil!.getTime() - Date.now()) / 86_400_000;
    t.ok(days > 6.9 && days <= 7.01, `restorable for 7 days (${days})`);
    const csr = await makeCsr();
    await t.rejects(
      client.send(
        new IssueCertificateCommand({
          CertificateAuthorityArn: arn,
          Csr: Buffer.from(csr.csrPem),
          SigningAlgorithm: 'SHA256WITHECDSA',
          Validity: { Type: 'DAYS', Value: 1 },
        }),
      ),
      { name: 'InvalidStateException' },
    );
    await t.rejects(client.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: arn })), {
      name: 'InvalidStateException',
    });

    await client.send(new RestoreCertificateAuthorityCommand({ CertificateAuthorityArn: arn }));
    const restored = await client.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }));
    t.equal(restored.CertificateAuthority!.Status, 'DISABLED', 'a restored CA comes back disabled');

    await client.send(
      new DeleteCertificateAuthorityCommand({ CertificateAuthorityArn: arn, PermanentDeletionTimeInDays: 7 }),
    );
    await local.control('POST', 'clock', { advanceSeconds: 8 * 86_400 });
    await t.rejects(client.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn })), {
      name: 'ResourceNotFoundException',
    });
    const listed = await client.send(new ListCertificateAuthoritiesCommand({}));
    t.same(listed.CertificateAuthorities, []);
  },
);

t.test('Tag/Untag/ListTags', async (t) => {
  const { client } = await setup(t);
  const arn = await createCa(client);
  await client.send(
    new TagCertificateAuthorityCommand({
      CertificateAuthorityArn: arn,
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    }),
  );
  await client.send(
    new TagCertificateAuthorityCommand({ CertificateAuthorityArn: arn, Tags: [{ Key: 'a', Value: '3' }] }),
  );
  t.same((await client.send(new ListTagsCommand({ CertificateAuthorityArn: arn }))).Tags, [
    { Key: 'a', Value: '3' },
    { Key: 'b', Value: '2' },
  ]);
  await client.send(
    new UntagCertificateAuthorityCommand({ CertificateAuthorityArn: arn, Tags: [{ Key: 'b', Value: 'other' }] }),
  );
  t.equal(
    (await client.send(new ListTagsCommand({ CertificateAuthorityArn: arn }))).Tags!.length,
    2,
    'a value that does not match keeps the tag',
  );
  await client.send(new UntagCertificateAuthorityCommand({ CertificateAuthorityArn: arn, Tags: [{ Key: 'b' }] }));
  t.same((await client.send(new ListTagsCommand({ CertificateAuthorityArn: arn }))).Tags, [{ Key: 'a', Value: '3' }]);
  const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  await t.rejects(client.send(new TagCertificateAuthorityCommand({ CertificateAuthorityArn: arn, Tags: many })), {
    name: 'TooManyTagsException',
  });
});

t.test('CreatePermission / ListPermissions / DeletePermission for acm.amazonaws.com', async (t) => {
  const { client } = await setup(t);
  const arn = await createCa(client);
  await client.send(
    new CreatePermissionCommand({
      CertificateAuthorityArn: arn,
      Principal: 'acm.amazonaws.com',
      Actions: ['IssueCertificate', 'GetCertificate', 'ListPermissions'],
    }),
  );
  await t.rejects(
    client.send(
      new CreatePermissionCommand({
        CertificateAuthorityArn: arn,
        Principal: 'acm.amazonaws.com',
        Actions: ['GetCertificate'],
      }),
    ),
    { name: 'PermissionAlreadyExistsException' },
  );
  const { Permissions } = await client.send(new ListPermissionsCommand({ CertificateAuthorityArn: arn }));
  t.match(Permissions, [
    {
      CertificateAuthorityArn: arn,
      Principal: 'acm.amazonaws.com',
      SourceAccount: '000000000000',
      Actions: ['IssueCertificate', 'GetCertificate', 'ListPermissions'],
    },
  ]);
  t.ok(nth(Permissions, 0).CreatedAt instanceof Date);
  await client.send(new DeletePermissionCommand({ CertificateAuthorityArn: arn, Principal: 'acm.amazonaws.com' }));
  t.same((await client.send(new ListPermissionsCommand({ CertificateAuthorityArn: arn }))).Permissions, []);
  await t.rejects(
    client.send(new DeletePermissionCommand({ CertificateAuthorityArn: arn, Principal: 'acm.amazonaws.com' })),
    { name: 'ResourceNotFoundException' },
  );
  await t.rejects(
    client.send(
      new CreatePermissionCommand({
        CertificateAuthorityArn: arn,
        Principal: 'ec2.amazonaws.com',
        Actions: ['GetCertificate'],
      }),
    ),
    { name: 'InvalidRequestException' },
  );
});
