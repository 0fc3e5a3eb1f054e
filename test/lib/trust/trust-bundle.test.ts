import { GetSecretValueCommand, ListSecretVersionIdsCommand } from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { createRootCa } from '../../../lib/private-ca/create-root-ca.ts';
import { parseTrustBundleSecret, trustBundlePem } from '../../../lib/secret-schema/trust-bundle-secret.ts';
import { addTrustedCa, listTrustedCas, removeTrustedCa } from '../../../lib/trust/trust-bundle.ts';
import { clientsFor, FAST_TIMINGS, startTestAwsLocal } from '../../helpers/aws-local.ts';
import { nth } from '../../helpers/present.ts';

t.test('add and remove keep the other CAs, and repeating them writes nothing', async (t) => {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS });
  const clients = await clientsFor(local);
  const a = await createRootCa(clients.pca, { commonName: 'Root A' });
  const b = await createRootCa(clients.pca, { commonName: 'Root B' });

  const first = await addTrustedCa(clients, a.caArn);
  t.equal(first.changed, true);
  t.equal((await addTrustedCa(clients, a.caArn)).changed, false, 'idempotent');
  await addTrustedCa(clients, b.caArn);
  const bundle = (await listTrustedCas(clients))!;
  t.same(
    bundle.cas.map((ca) => ca.arn),
    [a.caArn, b.caArn],
  );
  t.equal(
    nth(bundle.cas, 0).certificate.trim(),
    a.certificatePem.trim(),
    'the CA certificate from GetCertificateAuthorityCertificate',
  );
  t.equal(trustBundlePem(bundle).match(/BEGIN CERTIFICATE/g)!.length, 2);

  t.equal((await removeTrustedCa(clients, a.caArn)).changed, true);
  t.equal((await removeTrustedCa(clients, a.caArn)).changed, false, 'idempotent');
  const stored = parseTrustBundleSecret(
    (await clients.secrets.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/trust' }))).SecretString!,
    'pca-mtls/trust',
  );
  t.same(
    stored.cas.map((ca) => ca.arn),
    [b.caArn],
  );
  const versions = await clients.secrets.send(
    new ListSecretVersionIdsCommand({ SecretId: 'pca-mtls/trust', IncludeDeprecated: true }),
  );
  t.equal(versions.Versions!.length, 3, 'one version per real change: +A, +B, -A');
});

t.test('concurrent adds of different CAs lose neither', async (t) => {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS });
  const clients = await clientsFor(local);
  const cas = await Promise.all(['R1', 'R2', 'R3'].map((cn) => createRootCa(clients.pca, { commonName: cn })));
  await Promise.all(cas.map((ca) => addTrustedCa(clients, ca.caArn)));
  t.same((await listTrustedCas(clients))!.cas.map((ca) => ca.arn).sort(), cas.map((ca) => ca.caArn).sort());
});
