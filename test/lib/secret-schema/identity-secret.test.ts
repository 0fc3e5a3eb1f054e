import t from 'tap';
import {
  parseIdentitySecret,
  readIdentityMaterial,
  serializeIdentitySecret,
  type IdentitySecret,
} from '../../../lib/secret-schema/identity-secret.ts';

const PASSPHRASE = 'correct-horse-battery-staple-0123456789';
const valid: IdentitySecret = {
  schema: 'pca-mtls/v1',
  identity: 'colorteller',
  source: 'acm',
  certificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/0b4d7e5e-1111-2222-3333-444455556666',
  certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  certificateChain: '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n',
  privateKey: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----\n',
  passphrase: PASSPHRASE,
  serial: '0a1b2c',
  notBefore: '2026-11-01T00:00:00.000Z',
  notAfter: '2027-12-01T00:00:00.000Z',
  keyAlgorithm: 'EC_prime256v1',
  exportedAt: '2026-11-22T09:00:00.000Z',
};

t.test('a valid pca-mtls/v1 secret round-trips with a stable member order', async (t) => {
  const text = serializeIdentitySecret(valid);
  t.same(parseIdentitySecret(text, 'pca-mtls/colorteller'), valid);
  const shuffled = JSON.parse(text);
  const reordered = Object.fromEntries(Object.entries(shuffled).reverse()) as unknown as IdentitySecret;
  t.equal(serializeIdentitySecret(reordered), text, 'same material, same text');
});

t.test('each broken field is named, and no error quotes secret material', async (t) => {
  const cases: [Partial<Record<keyof IdentitySecret, unknown>>, RegExp][] = [
    [{ schema: 'pca-mtls/v0' }, /field 'schema' must be 'pca-mtls\/v1'/],
    [{ certificate: undefined }, /field 'certificate' is missing/],
    [{ passphrase: '' }, /field 'passphrase' must be a non-empty string/],
    [{ source: 'vault' }, /field 'source' must be one of acm, pca/],
    [{ certificateArn: undefined }, /field 'certificateArn' is missing/],
    [{ serial: 'AA:BB' }, /field 'serial' must be lowercase hex/],
    [{ notAfter: 'tomorrow' }, /field 'notAfter' must be an ISO 8601/],
    [
      { privateKey: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' },
      /field 'privateKey' must be an encrypted PKCS#8/,
    ],
  ];
  for (const [change, message] of cases) {
    const broken = JSON.stringify({ ...valid, ...change });
    const err = t.throws(() => parseIdentitySecret(broken, 'pca-mtls/colorteller')) as Error;
    t.match(err, { name: 'SecretSchemaError', code: 'SECRET_SCHEMA', message }, JSON.stringify(Object.keys(change)));
    t.notMatch(String(err.message), PASSPHRASE);
    t.notMatch(String(err.message), 'MIIE');
  }
  t.throws(() => parseIdentitySecret(`{"passphrase":"${PASSPHRASE}"`, 'x'), {
    message: /^secret x: is not valid JSON$/,
  });
  t.throws(() => parseIdentitySecret('[1]', 'x'), { message: /is not a JSON object/ });
});

t.test('the App Mesh sample format is read, with base64(passphrase) tried first', async (t) => {
  const legacy = JSON.stringify({
    GatewayCertificate: valid.certificate,
    GatewayCertificateChain: valid.certificateChain,
    GatewayPrivateKey: valid.privateKey,
    Passphrase: PASSPHRASE,
  });
  const material = readIdentityMaterial(legacy, 'colorgateway-cert');
  t.equal(material.format, 'legacy-app-mesh-sample');
  t.same(material.passphrases, [Buffer.from(PASSPHRASE).toString('base64'), PASSPHRASE]);
  t.equal(material.certificate, valid.certificate);
  t.equal(material.secret, undefined);
  t.throws(() => readIdentityMaterial(JSON.stringify({ GatewayCertificate: valid.certificate }), 'colorgateway-cert'), {
    message: /field 'GatewayCertificateChain' is missing/,
  });
  t.throws(() => readIdentityMaterial('{"hello":1}', 'other'), {
    message: /expected 'pca-mtls\/v1' or the App Mesh sample/,
  });
  t.same(readIdentityMaterial(serializeIdentitySecret(valid), 'x').passphrases, [PASSPHRASE]);
});
