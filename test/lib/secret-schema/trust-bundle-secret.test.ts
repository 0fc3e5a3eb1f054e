import t from 'tap';
import {
  parseTrustBundleSecret,
  serializeTrustBundleSecret,
  trustBundlePem,
} from '../../../lib/secret-schema/trust-bundle-secret.ts';

const ca = (n: number) => ({
  arn: `arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/${n}`,
  certificate: `-----BEGIN CERTIFICATE-----\nMII${n}\n-----END CERTIFICATE-----`,
});

t.test('a trust bundle round-trips and joins its CAs into one PEM', async (t) => {
  const bundle = { schema: 'pca-mtls-trust/v1' as const, cas: [ca(1), ca(2)], updatedAt: '2026-11-22T09:00:00.000Z' };
  const parsed = parseTrustBundleSecret(serializeTrustBundleSecret(bundle), 'pca-mtls/trust');
  t.same(parsed, bundle);
  t.equal(trustBundlePem(parsed).match(/BEGIN CERTIFICATE/g)?.length, 2);
  t.ok(trustBundlePem(parsed).endsWith('-----END CERTIFICATE-----\n'));
});

t.test('a broken trust bundle names the field', async (t) => {
  const base = { schema: 'pca-mtls-trust/v1', cas: [ca(1)], updatedAt: '2026-11-22T09:00:00.000Z' };
  t.throws(() => parseTrustBundleSecret(JSON.stringify({ ...base, schema: 'x' }), 's'), { message: /field 'schema'/ });
  t.throws(() => parseTrustBundleSecret(JSON.stringify({ ...base, cas: {} }), 's'), {
    message: /field 'cas' must be a list/,
  });
  t.throws(() => parseTrustBundleSecret(JSON.stringify({ ...base, cas: [{ arn: 'a', certificate: 'nope' }] }), 's'), {
    message: /field 'cas\[0\]\.certificate' must be a PEM certificate/,
  });
  t.throws(() => parseTrustBundleSecret(JSON.stringify({ ...base, updatedAt: 'later' }), 's'), {
    message: /updatedAt/,
  });
  t.throws(() => parseTrustBundleSecret('nope', 's'), { message: /not valid JSON/ });
});
