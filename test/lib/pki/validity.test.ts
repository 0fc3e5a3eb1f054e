import t from 'tap';
import { parseCertificate } from '../../../lib/pki/certificate.ts';
import { DEFAULT_CLOCK_SKEW_MS, checkValidity } from '../../../lib/pki/validity.ts';
import { createLeaf, createRootCa } from '../../helpers/pki-fixtures.ts';

const notBefore = new Date('2026-06-01T00:00:00Z');
const notAfter = new Date('2026-07-01T00:00:00Z');
const root = await createRootCa({ notBefore: new Date('2026-01-01T00:00:00Z'), notAfter });
const leaf = parseCertificate((await createLeaf(root, { notBefore, notAfter })).pem);
const ca = parseCertificate(root.pem);
const at = (iso: string) => new Date(iso);

t.test('inside the validity period passes', async (t) => {
  t.doesNotThrow(() => checkValidity(leaf, at('2026-06-15T00:00:00Z')));
  t.doesNotThrow(() => checkValidity(leaf, notBefore, 0));
  t.doesNotThrow(() => checkValidity(leaf, notAfter, 0));
});

t.test(`the default skew is ${DEFAULT_CLOCK_SKEW_MS / 60_000} minutes either way`, async (t) => {
  t.doesNotThrow(() => checkValidity(leaf, at('2026-05-31T23:56:00Z')));
  t.doesNotThrow(() => checkValidity(leaf, at('2026-07-01T00:04:00Z')));
  t.throws(() => checkValidity(leaf, at('2026-05-31T23:54:59Z')), { code: 'NOT_YET_VALID' });
  t.throws(() => checkValidity(leaf, at('2026-07-01T00:05:01Z')), { code: 'EXPIRED' });
  t.throws(() => checkValidity(leaf, at('2026-07-01T00:00:01Z'), 0), { code: 'EXPIRED' }, 'skew 0 is exact');
});

t.test('EXPIRED names the certificate, the time, and says to renew', async (t) => {
  t.throws(() => checkValidity(leaf, at('2026-08-01T00:00:00Z')), {
    name: 'PkiError',
    code: 'EXPIRED',
    message: `certificate "${leaf.subject}" (serial ${leaf.serial}): expired at 2026-07-01T00:00:00Z (now 2026-08-01T00:00:00Z, allowing 300s clock skew); renew it`,
    certificate: { subject: leaf.subject, serial: leaf.serial },
  });
  t.throws(() => checkValidity(ca, at('2026-08-01T00:00:00Z')), {
    code: 'EXPIRED',
    message: /renew the CA certificate and update the certificate chain and trust bundle/,
  });
});

t.test('NOT_YET_VALID names the certificate and points at the clock', async (t) => {
  t.throws(() => checkValidity(leaf, at('2026-05-01T00:00:00Z'), 60_000), {
    code: 'NOT_YET_VALID',
    message: `certificate "${leaf.subject}" (serial ${leaf.serial}): not valid before 2026-06-01T00:00:00Z (now 2026-05-01T00:00:00Z, allowing 60s clock skew); check this host's clock or wait until then`,
  });
});

t.test('bad arguments are caller bugs', async (t) => {
  t.throws(() => checkValidity(leaf, new Date('nope')), TypeError);
  t.throws(() => checkValidity(leaf, notBefore, -1), TypeError);
});
