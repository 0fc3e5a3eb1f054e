import t from 'tap';
import { parseCertificate } from '../../../lib/pki/certificate.ts';
import { checkIssuerEku, checkRoleEku } from '../../../lib/pki/extended-key-usage.ts';
import type { Role } from '../../../lib/vocabulary.ts';
import { createLeaf, createRootCa, createSubordinateCa, type FixtureEku } from '../../helpers/pki-fixtures.ts';

const root = await createRootCa();
const withEku = async (eku: FixtureEku[] | 'omit') =>
  parseCertificate((await createLeaf(root, { extendedKeyUsage: eku })).pem);
const serverOnly = await withEku(['serverAuth']);
const clientOnly = await withEku(['clientAuth']);
const both = await withEku(['serverAuth', 'clientAuth']);
const noExtension = await withEku('omit');
const anyEku = await withEku(['anyExtendedKeyUsage']);
const roles: Role[] = ['client', 'server', 'both'];

t.test('the role / EKU matrix', async (t) => {
  const pass = (cert: typeof both, role: Role) => t.doesNotThrow(() => checkRoleEku(cert, role), `${role} passes`);
  const fail = (cert: typeof both, role: Role) =>
    t.throws(() => checkRoleEku(cert, role), { name: 'PkiError', code: 'EKU_MISSING' }, `${role} fails`);
  for (const role of roles) pass(both, role);
  pass(clientOnly, 'client');
  fail(clientOnly, 'server');
  fail(clientOnly, 'both');
  pass(serverOnly, 'server');
  fail(serverOnly, 'client');
  fail(serverOnly, 'both');
});

t.test('no EKU extension allows every role (RFC 5280 §4.2.1.12)', async (t) => {
  for (const role of roles) t.doesNotThrow(() => checkRoleEku(noExtension, role), role);
});

t.test('anyExtendedKeyUsage alone is not enough, as in BoringSSL', async (t) => {
  for (const role of roles)
    t.throws(() => checkRoleEku(anyEku, role), { code: 'EKU_MISSING', message: /it has: anyExtendedKeyUsage/ }, role);
});

t.test('a missing clientAuth explains the ACM change and the pca source', async (t) => {
  t.throws(() => checkRoleEku(serverOnly, 'client'), {
    message:
      `certificate "${serverOnly.subject}" (serial ${serverOnly.serial}) lacks the clientAuth (1.3.6.1.5.5.7.3.2) extended key usage that the client role needs (it has: serverAuth); ` +
      "ACM may issue private certificates without clientAuth (since June 2025), so they cannot be used as mTLS client certificates; issue this identity with the 'pca' source and the EndEntityClientAuthCertificate/V1 template",
    certificate: { subject: serverOnly.subject, serial: serverOnly.serial },
  });
  t.throws(() => checkRoleEku(serverOnly, 'both'), {
    message:
      /the clientAuth \(1\.3\.6\.1\.5\.5\.7\.3\.2\) extended key usage that the both role needs.*EndEntityCertificate\/V1 template$/,
  });
});

t.test('a missing serverAuth names the server template', async (t) => {
  t.throws(() => checkRoleEku(clientOnly, 'server'), {
    message:
      /lacks the serverAuth \(1\.3\.6\.1\.5\.5\.7\.3\.1\) extended key usage that the server role needs \(it has: clientAuth\); .*EndEntityServerAuthCertificate\/V1/,
  });
});

t.test('unknown role is a caller bug', async (t) => {
  t.throws(() => checkRoleEku(both, 'peer' as Role), TypeError);
});

t.test('an issuing CA that restricts EKU must allow the role', async (t) => {
  const unrestricted = parseCertificate(root.pem);
  const serverCa = parseCertificate(
    (await createSubordinateCa(root, { commonName: 'Server-only CA', extendedKeyUsage: ['serverAuth'] })).pem,
  );
  for (const role of roles) t.doesNotThrow(() => checkIssuerEku(unrestricted, role));
  t.doesNotThrow(() => checkIssuerEku(serverCa, 'server'));
  t.throws(() => checkIssuerEku(serverCa, 'both'), {
    code: 'EKU_MISSING',
    message: `the issuing CA certificate "${serverCa.subject}" (serial ${serverCa.serial}) restricts extended key usage and excludes clientAuth, so certificates it issues cannot serve the both role; use a CA without that restriction`,
  });
});
