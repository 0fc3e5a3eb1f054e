import { ListSecretVersionIdsCommand } from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { createRootCa } from '../../../lib/private-ca/create-root-ca.ts';
import { removeTrustedCas, syncTrustBundle } from '../../../lib/trust/sync-trust-bundle.ts';
import { addTrustedCa, listTrustedCas } from '../../../lib/trust/trust-bundle.ts';
import { clientsFor, FAST_TIMINGS, startTestAwsLocal } from '../../helpers/aws-local.ts';

t.test('sync adds the declared CAs, drops the ones no longer declared, keeps the others', async (t) => {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS });
  const clients = await clientsFor(local);
  const [a, b, other] = await Promise.all(
    ['Root A', 'Root B', 'Other Root'].map((commonName) => createRootCa(clients.pca, { commonName })),
  );
  const arns = async (secretId = 'pca-mtls/trust') =>
    ((await listTrustedCas(clients, secretId))?.cas.map((ca) => ca.arn) ?? []).sort();
  await syncTrustBundle(clients, { caArns: [a!.caArn, b!.caArn] });
  await addTrustedCa(clients, other!.caArn);
  t.same(await arns(), [a!.caArn, b!.caArn, other!.caArn].sort());
  const versions = async () =>
    (
      await clients.secrets.send(
        new ListSecretVersionIdsCommand({ SecretId: 'pca-mtls/trust', IncludeDeprecated: true }),
      )
    ).Versions!.length;
  const before = await versions();
  await syncTrustBundle(clients, { caArns: [a!.caArn, b!.caArn], previousCaArns: [a!.caArn, b!.caArn] });
  t.equal(await versions(), before, 'a repeated sync writes nothing');

  await syncTrustBundle(clients, { caArns: [b!.caArn], previousCaArns: [a!.caArn, b!.caArn] });
  t.same(await arns(), [b!.caArn, other!.caArn].sort(), 'the dropped CA left; one added elsewhere stayed');

  await removeTrustedCas(clients, [b!.caArn, a!.caArn]);
  t.same(await arns(), [other!.caArn], 'removing leaves only what was not named');

  await syncTrustBundle(clients, { secretId: 'team/trust', caArns: [a!.caArn] });
  t.same(await arns('team/trust'), [a!.caArn], 'another trust secret when asked');
  t.same(await arns(), [other!.caArn], 'the default one untouched');
});

// A version token from the CA set alone named the old version here, which Secrets Manager did not make
// current again: the removal ended in TRUST_BUNDLE_CONTENDED.
t.test('a bundle can return to a set of CAs it held before', async (t) => {
  const local = await startTestAwsLocal(t, { timings: FAST_TIMINGS });
  const clients = await clientsFor(local);
  const [a, b] = await Promise.all(['Root A', 'Root B'].map((commonName) => createRootCa(clients.pca, { commonName })));
  await syncTrustBundle(clients, { caArns: [a!.caArn] });
  await syncTrustBundle(clients, { caArns: [a!.caArn, b!.caArn], previousCaArns: [a!.caArn] });
  await syncTrustBundle(clients, { caArns: [a!.caArn], previousCaArns: [a!.caArn, b!.caArn] });
  t.same(
    (await listTrustedCas(clients))?.cas.map((ca) => ca.arn),
    [a!.caArn],
  );
});
