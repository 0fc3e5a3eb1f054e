import t from 'tap';
import { PcaMtlsError } from '../../../lib/errors.ts';
import { PKI_ERROR_CODES, PkiError } from '../../../lib/pki/errors.ts';

t.test('PkiError is a PcaMtlsError with a stable code and the certificate it is about', async (t) => {
  const cause = new Error('underlying');
  const err = new PkiError('EXPIRED', 'certificate "CN=x" (serial 0a): expired', {
    cause,
    certificate: { subject: 'CN=x', serial: '0a' },
  });
  t.ok(err instanceof PcaMtlsError);
  t.ok(err instanceof Error);
  t.equal(err.name, 'PkiError');
  t.equal(err.code, 'EXPIRED');
  t.equal(err.cause, cause);
  t.same(err.certificate, { subject: 'CN=x', serial: '0a' });
  t.match(String(err), /^PkiError: certificate "CN=x"/);
});

t.test('no cause and no certificate are left out, not set to undefined', async (t) => {
  const err = new PkiError('TRUST_EMPTY', 'empty');
  t.notOk('cause' in err);
  t.notOk('certificate' in err);
});

t.test('the codes the brief names are all there', async (t) => {
  for (const code of [
    'PEM_MALFORMED',
    'KEY_DECRYPT_FAILED',
    'KEY_MISMATCH',
    'CHAIN_INCOMPLETE',
    'CHAIN_SIGNATURE',
    'NOT_YET_VALID',
    'EXPIRED',
    'EKU_MISSING',
    'SAN_MISSING',
    'SAN_MISMATCH',
    'TRUST_EMPTY',
  ]) {
    t.ok((PKI_ERROR_CODES as readonly string[]).includes(code), code);
  }
});
