import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import t from 'tap';
import { parseCertificate } from '../../../lib/pki/certificate.ts';
import { assertKeyMatches, keyMatchesCertificate } from '../../../lib/pki/key-match.ts';
import {
  TEST_PASSPHRASE,
  createLeaf,
  createRootCa,
  encryptKeyPem,
  errorTranscript,
  pemBodyLines,
} from '../../helpers/pki-fixtures.ts';

const root = await createRootCa();
const ecLeaf = await createLeaf(root, { keyAlgorithm: 'EC_prime256v1' });
const rsaLeaf = await createLeaf(root, { keyAlgorithm: 'RSA_2048' });
const otherEc = await createLeaf(root, { keyAlgorithm: 'EC_prime256v1' });

t.test('a key matches its own certificate', async (t) => {
  t.equal(keyMatchesCertificate(ecLeaf.privateKey, parseCertificate(ecLeaf.pem)), true);
  t.equal(keyMatchesCertificate(rsaLeaf.privateKey, parseCertificate(rsaLeaf.pem)), true);
  t.doesNotThrow(() => assertKeyMatches(rsaLeaf.privateKey, parseCertificate(rsaLeaf.pem)));
});

t.test('another key, another type or curve, or a public key does not match', async (t) => {
  const cert = parseCertificate(ecLeaf.pem);
  t.equal(keyMatchesCertificate(otherEc.privateKey, cert), false);
  t.equal(keyMatchesCertificate(rsaLeaf.privateKey, cert), false);
  t.equal(keyMatchesCertificate(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, cert), false);
  t.equal(keyMatchesCertificate(createPublicKey(ecLeaf.privateKey), cert), false);
});

t.test('assertKeyMatches → KEY_MISMATCH naming the certificate, with no key material', async (t) => {
  const cert = parseCertificate(ecLeaf.pem);
  let err: unknown;
  try {
    assertKeyMatches(rsaLeaf.privateKey, cert);
  } catch (caught) {
    err = caught;
  }
  t.match(err, {
    name: 'PkiError',
    code: 'KEY_MISMATCH',
    message: `the private key does not belong to certificate "${cert.subject}" (serial ${cert.serial}) (the key is rsa, the certificate's key is ec); the certificate and key come from different exports — re-export the identity`,
    certificate: { subject: cert.subject, serial: cert.serial },
  });
  const transcript = errorTranscript(err);
  const encrypted = encryptKeyPem(rsaLeaf.privateKey);
  for (const line of [...pemBodyLines(rsaLeaf.privateKeyPem), ...pemBodyLines(encrypted)])
    t.notOk(transcript.includes(line), 'no key PEM line');
  t.notOk(transcript.includes(TEST_PASSPHRASE));

  t.throws(() => assertKeyMatches(otherEc.privateKey, cert), {
    code: 'KEY_MISMATCH',
    message:
      /does not belong to certificate "CN=colorteller\.local, O=pca-mtls tests" \(serial [0-9a-f]+\); the certificate/,
  });
});
