import t from 'tap';
import {
  EKU,
  certificateRef,
  describeCertificate,
  hasClientAuth,
  hasServerAuth,
  isSelfSigned,
  parseCertificate,
  parseCertificates,
} from '../../../lib/pki/certificate.ts';
import {
  bundlePem,
  createLeaf,
  createRootCa,
  createSubordinateCa,
  errorTranscript,
  pemBodyLines,
} from '../../helpers/pki-fixtures.ts';

const notBefore = new Date('2026-01-01T00:00:00Z');
const notAfter = new Date('2026-03-01T12:34:56Z');
const root = await createRootCa({ pathLength: 1 });
const sub = await createSubordinateCa(root, { pathLength: 0 });
const leaf = await createLeaf(sub, {
  commonName: 'colorteller.local',
  dnsNames: ['colorteller.local', '*.colorteller.local'],
  uris: ['spiffe://example.org/ns/default/sa/colorteller'],
  ipAddresses: ['10.0.0.7', '2001:db8::7'],
  extendedKeyUsage: ['serverAuth'],
  notBefore,
  notAfter,
  serialNumber: '3fa1b2c3d4',
});

t.test('parses the fields every check needs', async (t) => {
  const cert = parseCertificate(leaf.pem);
  t.equal(cert.pem, leaf.pem);
  t.same(cert.der, Buffer.from(leaf.certificate.rawData));
  t.equal(cert.serial, '3fa1b2c3d4');
  t.equal(cert.serial, cert.x509.serialNumber.toLowerCase());
  t.equal(cert.subject, 'CN=colorteller.local, O=pca-mtls tests');
  t.equal(cert.issuer, 'CN=Test Subordinate CA, O=pca-mtls tests');
  t.equal(cert.notBefore.toISOString(), notBefore.toISOString());
  t.equal(cert.notAfter.toISOString(), notAfter.toISOString());
  t.same(cert.dnsNames, ['colorteller.local', '*.colorteller.local']);
  t.same(cert.uris, ['spiffe://example.org/ns/default/sa/colorteller']);
  t.same(cert.ipAddresses, ['10.0.0.7', '2001:db8::7']);
  t.same(cert.extendedKeyUsages, [EKU.serverAuth]);
  t.equal(cert.hasEkuExtension, true);
  t.equal(cert.isCa, false);
  t.equal(cert.pathLenConstraint, undefined);
  t.same(cert.keyUsage, ['digitalSignature', 'keyEncipherment']);
  t.equal(cert.fingerprint256, cert.x509.fingerprint256.replace(/:/g, '').toLowerCase());
  t.match(cert.fingerprint256, /^[0-9a-f]{64}$/);
});

t.test('serial is lowercase hex without the sign byte Node drops', async (t) => {
  const highBit = await createLeaf(sub, { serialNumber: '80ff01' });
  t.equal(parseCertificate(highBit.pem).serial, '80ff01');
  t.equal(parseCertificate(highBit.pem).serial, highBit.serial);
});

t.test('CA fields: basicConstraints, pathLen, keyUsage', async (t) => {
  const parsedRoot = parseCertificate(root.pem);
  t.equal(parsedRoot.isCa, true);
  t.equal(parsedRoot.pathLenConstraint, 1);
  t.same(parsedRoot.keyUsage, ['digitalSignature', 'keyCertSign', 'cRLSign']);
  t.equal(parseCertificate(sub.pem).pathLenConstraint, 0);
  t.equal(parsedRoot.hasEkuExtension, false);
});

t.test('hasServerAuth / hasClientAuth read the EKU extension strictly', async (t) => {
  const server = parseCertificate(leaf.pem);
  t.equal(hasServerAuth(server), true);
  t.equal(hasClientAuth(server), false);
  const both = parseCertificate((await createLeaf(sub)).pem);
  t.equal(hasServerAuth(both), true);
  t.equal(hasClientAuth(both), true);
  const none = parseCertificate((await createLeaf(sub, { extendedKeyUsage: 'omit' })).pem);
  t.same(none.extendedKeyUsages, []);
  t.equal(none.hasEkuExtension, false);
  t.equal(hasServerAuth(none), false, 'absent extension is not "has serverAuth"; checkRoleEku decides what it allows');
});

t.test('a certificate without SANs has empty name lists', async (t) => {
  const bare = parseCertificate((await createLeaf(sub, { dnsNames: [] })).pem);
  t.same([bare.dnsNames, bare.uris, bare.ipAddresses], [[], [], []]);
});

t.test('isSelfSigned', async (t) => {
  t.equal(isSelfSigned(parseCertificate(root.pem)), true);
  t.equal(isSelfSigned(parseCertificate(sub.pem)), false);
  // Same name as its issuer but signed by another key: not self-signed.
  const lookalike = await createSubordinateCa(root, { commonName: 'Test Root CA' });
  t.equal(isSelfSigned(parseCertificate(lookalike.pem)), false);
});

t.test('parseCertificates keeps bundle order', async (t) => {
  t.same(
    parseCertificates(bundlePem(leaf, sub, root)).map((c) => c.serial),
    [leaf.serial, sub.serial, root.serial],
  );
});

t.test('exactly one certificate for parseCertificate', async (t) => {
  t.throws(() => parseCertificate(bundlePem(leaf, sub)), {
    code: 'PEM_MALFORMED',
    message: /expected one certificate, found 2/,
  });
  t.throws(() => parseCertificate(''), { code: 'PEM_MALFORMED' });
});

t.test('a PEM block that is not X.509 is CERT_MALFORMED', async (t) => {
  const notACert = '-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n';
  t.throws(() => parseCertificate(notACert), {
    name: 'PkiError',
    code: 'CERT_MALFORMED',
    message: /does not parse as X\.509/,
  });
  t.throws(() => parseCertificates(root.pem + notACert), { code: 'CERT_MALFORMED', message: /certificate block 2/ });
});

t.test('describeCertificate names subject and serial', async (t) => {
  const cert = parseCertificate(leaf.pem);
  t.equal(describeCertificate(cert), 'certificate "CN=colorteller.local, O=pca-mtls tests" (serial 3fa1b2c3d4)');
  t.same(certificateRef(cert), { subject: cert.subject, serial: '3fa1b2c3d4' });
});

t.test('a private key mislabelled as a certificate leaves no trace in the error', async (t) => {
  const body = leaf.privateKeyPem.replace(/PRIVATE KEY/g, 'CERTIFICATE');
  let err: unknown;
  try {
    parseCertificate(body);
  } catch (caught) {
    err = caught;
  }
  t.match(err, { code: 'CERT_MALFORMED' });
  const transcript = errorTranscript(err);
  for (const line of pemBodyLines(leaf.privateKeyPem)) t.notOk(transcript.includes(line));
});
