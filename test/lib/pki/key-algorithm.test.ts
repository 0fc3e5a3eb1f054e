import { generateKeyPairSync } from 'node:crypto';
import t from 'tap';
import { keyAlgorithmOf } from '../../../lib/pki/key-algorithm.ts';

t.test('names EC and RSA keys as ACM and Private CA do', async (t) => {
  const ec = (namedCurve: string) => generateKeyPairSync('ec', { namedCurve }).privateKey;
  t.equal(keyAlgorithmOf(ec('prime256v1')), 'EC_prime256v1');
  t.equal(keyAlgorithmOf(ec('secp384r1')), 'EC_secp384r1');
  t.equal(keyAlgorithmOf(ec('secp521r1')), 'EC_secp521r1');
  t.equal(keyAlgorithmOf(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey), 'RSA_2048');
  t.equal(keyAlgorithmOf(generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey), 'RSA_3072');
});

t.test('public keys name the same algorithm', async (t) => {
  t.equal(keyAlgorithmOf(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey), 'EC_secp384r1');
});

t.test('weak RSA, other curves and other key types → KEY_UNSUPPORTED', async (t) => {
  t.throws(() => keyAlgorithmOf(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey), {
    name: 'PkiError',
    code: 'KEY_UNSUPPORTED',
    message: /RSA key of 1024 bits is not supported; use RSA_2048 or larger/,
  });
  t.throws(() => keyAlgorithmOf(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey), {
    code: 'KEY_UNSUPPORTED',
    message: /curve secp256k1/,
  });
  t.throws(() => keyAlgorithmOf(generateKeyPairSync('ed25519').privateKey), {
    code: 'KEY_UNSUPPORTED',
    message: /ed25519 keys are not supported/,
  });
});
