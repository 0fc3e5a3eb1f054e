import { createPublicKey } from 'node:crypto';
import t from 'tap';
import { PkiError } from '../../../lib/pki/errors.ts';
import { verifyIdentityMaterial, type IdentityMaterial } from '../../../lib/pki/verify-material.ts';
import {
  TEST_PASSPHRASE,
  bundlePem,
  createIdentity,
  createLeaf,
  createRootCa,
  createSubordinateCa,
  encryptKeyPem,
  errorTranscript,
  pemBodyLines,
} from '../../helpers/pki-fixtures.ts';

const DAY_MS = 86_400_000;
const now = new Date();
const identity = await createIdentity({ role: 'both', dnsNames: ['colorteller.local'] });
const { root, intermediate, leaf } = identity;
const base: IdentityMaterial = { ...identity.material, role: 'both', now, expectedDns: ['colorteller.local'] };

function caught(input: IdentityMaterial): PkiError {
  try {
    verifyIdentityMaterial(input);
  } catch (err) {
    if (err instanceof PkiError) return err;
    throw err;
  }
  throw new Error('expected verifyIdentityMaterial to throw');
}

t.test('verifies a complete identity and returns what the agent writes', async (t) => {
  const verified = verifyIdentityMaterial(base);
  t.equal(verified.leaf.serial, leaf.serial);
  t.equal(verified.serial, leaf.serial);
  t.same(
    verified.chain.map((c) => c.serial),
    [intermediate.serial, root.serial],
  );
  t.same(verified.notBefore, verified.leaf.notBefore);
  t.same(verified.notAfter, verified.leaf.notAfter);
  t.equal(verified.keyAlgorithm, 'EC_prime256v1');
  t.equal(verified.privateKey.type, 'private');
  t.same(
    createPublicKey(verified.privateKey).export({ type: 'spki', format: 'der' }),
    createPublicKey(leaf.privateKey).export({ type: 'spki', format: 'der' }),
  );
});

t.test('every supported key type, every role', async (t) => {
  for (const keyAlgorithm of ['EC_prime256v1', 'EC_secp384r1', 'RSA_2048'] as const) {
    for (const role of ['client', 'server', 'both'] as const) {
      const id = await createIdentity({
        role,
        keyAlgorithm,
        caKeyAlgorithm: keyAlgorithm === 'RSA_2048' ? 'RSA_2048' : 'EC_prime256v1',
      });
      t.equal(
        verifyIdentityMaterial({ ...id.material, role, now }).keyAlgorithm,
        keyAlgorithm,
        `${keyAlgorithm} ${role}`,
      );
    }
  }
});

t.test('without a trust bundle the chain is verified to its own self-signed root', async (t) => {
  const verified = verifyIdentityMaterial({ ...base, trustBundlePem: undefined });
  t.same(
    verified.chain.map((c) => c.serial),
    [intermediate.serial, root.serial],
  );
});

t.test('accepts unordered chains, extras, several anchors, and a chain without the root', async (t) => {
  const other = await createRootCa({ commonName: 'Next Root CA' });
  const stray = await createSubordinateCa(other, { commonName: 'Unrelated CA' });
  const verified = verifyIdentityMaterial({
    ...base,
    chainPem: bundlePem(root, stray, intermediate),
    trustBundlePem: bundlePem(other, root),
  });
  t.same(
    verified.chain.map((c) => c.serial),
    [intermediate.serial, root.serial],
  );
  t.doesNotThrow(() => verifyIdentityMaterial({ ...base, chainPem: intermediate.pem }));
  t.doesNotThrow(
    () => verifyIdentityMaterial({ ...base, certificatePem: bundlePem(leaf, intermediate), chainPem: '' }),
    'leaf + chain in the certificate field',
  );
});

t.test('a chain from a lookalike CA is rejected', async (t) => {
  const fakeRoot = await createRootCa();
  const fakeIntermediate = await createSubordinateCa(fakeRoot);
  const err = caught({ ...base, chainPem: bundlePem(fakeIntermediate, fakeRoot), trustBundlePem: root.pem });
  t.equal(err.code, 'CHAIN_SIGNATURE');
  t.match(err.message, leaf.serial);
});

t.test('a trust bundle that does not hold the chain root → CHAIN_UNTRUSTED', async (t) => {
  const other = await createRootCa({ commonName: 'Other Root CA' });
  const err = caught({ ...base, trustBundlePem: other.pem });
  t.equal(err.code, 'CHAIN_UNTRUSTED');
  t.match(err.message, `"${root.subject}" (serial ${root.serial})`);
});

t.test('a missing intermediate → CHAIN_INCOMPLETE naming it', async (t) => {
  const err = caught({ ...base, chainPem: root.pem });
  t.equal(err.code, 'CHAIN_INCOMPLETE');
  t.match(err.message, `issuer "${intermediate.subject}"`);
});

t.test('TRUST_EMPTY: an empty trust bundle, or no bundle and no root in the chain', async (t) => {
  t.equal(caught({ ...base, trustBundlePem: '' }).code, 'TRUST_EMPTY');
  t.match(caught({ ...base, trustBundlePem: '# rotated out\n' }).message, /trust bundle holds no CA certificate/);
  const err = caught({ ...base, chainPem: intermediate.pem, trustBundlePem: undefined });
  t.equal(err.code, 'TRUST_EMPTY');
  t.match(err.message, /no trust bundle was given and the certificate chain has no self-signed root/);
});

t.test('PEM_MALFORMED for a truncated chain or a missing certificate', async (t) => {
  t.equal(caught({ ...base, chainPem: identity.material.chainPem.slice(0, 200) }).code, 'PEM_MALFORMED');
  t.equal(caught({ ...base, certificatePem: '' }).code, 'PEM_MALFORMED');
});

t.test('an unencrypted key is refused unless allowed', async (t) => {
  t.equal(caught({ ...base, encryptedKeyPem: leaf.privateKeyPem }).code, 'KEY_NOT_ENCRYPTED');
  t.doesNotThrow(() =>
    verifyIdentityMaterial({ ...base, encryptedKeyPem: leaf.privateKeyPem, allowUnencryptedKey: true }),
  );
});

t.test('validity of every certificate on the path', async (t) => {
  const later = new Date(now.getTime() + 60 * DAY_MS);
  const expired = caught({ ...base, now: later });
  t.equal(expired.code, 'EXPIRED');
  t.match(expired.message, `certificate "${leaf.subject}" (serial ${leaf.serial}): expired at`);
  t.match(expired.message, /renew it/);

  t.equal(caught({ ...base, now: new Date(now.getTime() - 3 * 3_600_000) }).code, 'NOT_YET_VALID');
  t.doesNotThrow(
    () => verifyIdentityMaterial({ ...base, now: new Date(now.getTime() - 3 * 3_600_000), skewMs: 3 * 3_600_000 }),
    'skewMs is passed through',
  );

  // The leaf is fine; the intermediate above it has expired.
  const shortCa = await createSubordinateCa(root, {
    commonName: 'Short-lived CA',
    notAfter: new Date(now.getTime() + 10 * DAY_MS),
  });
  const leafOfShort = await createLeaf(shortCa, { notAfter: new Date(now.getTime() + 9 * DAY_MS) });
  const shortInput = {
    ...base,
    certificatePem: leafOfShort.pem,
    chainPem: bundlePem(shortCa, root),
    encryptedKeyPem: encryptKeyPem(leafOfShort.privateKey),
  };
  t.doesNotThrow(() => verifyIdentityMaterial(shortInput));
  const caExpired = caught({ ...shortInput, now: new Date(now.getTime() + 9.5 * DAY_MS) });
  t.equal(caExpired.code, 'EXPIRED', 'leaf and CA both expired: the leaf is reported first');
  t.same(caExpired.certificate, { subject: leafOfShort.subject, serial: leafOfShort.serial });
  const onlyCaExpired = caught({
    ...shortInput,
    now: new Date(now.getTime() + 10.5 * DAY_MS),
    certificatePem: (
      await createLeaf(shortCa, { keys: leafOfShort.keys, notAfter: new Date(now.getTime() + 20 * DAY_MS) })
    ).pem,
  });
  t.equal(onlyCaExpired.code, 'EXPIRED');
  t.same(onlyCaExpired.certificate, { subject: shortCa.subject, serial: shortCa.serial });
  t.match(onlyCaExpired.message, /renew the CA certificate/);
});

t.test('EKU for the role', async (t) => {
  const serverOnly = await createIdentity({ role: 'server' });
  t.doesNotThrow(() => verifyIdentityMaterial({ ...serverOnly.material, role: 'server', now }));
  const err = caught({ ...serverOnly.material, role: 'client', now });
  t.equal(err.code, 'EKU_MISSING');
  t.match(err.message, /EndEntityClientAuthCertificate\/V1/);
  const noEku = await createIdentity({ extendedKeyUsage: 'omit' });
  t.doesNotThrow(
    () => verifyIdentityMaterial({ ...noEku.material, role: 'both', now }),
    'no EKU extension allows every role',
  );
});

t.test('SANs: required, and covering the expected names', async (t) => {
  const bare = await createIdentity({ dnsNames: [] });
  t.equal(caught({ ...bare.material, role: 'both', now }).code, 'SAN_MISSING');
  const err = caught({ ...base, expectedDns: ['colorgateway.local'] });
  t.equal(err.code, 'SAN_MISMATCH');
  t.match(err.message, /does not cover colorgateway\.local/);
});

t.test('the first failure reported is the most useful one', async (t) => {
  const later = new Date(now.getTime() + 60 * DAY_MS);
  const other = await createLeaf(intermediate);
  const serverOnly = await createIdentity({ role: 'server', dnsNames: ['server.local'] });
  const untrusting = await createRootCa({ commonName: 'Unrelated Root' });
  t.equal(
    caught({ ...base, passphrase: 'wrong-passphrase', now: later, expectedDns: ['x.local'] }).code,
    'KEY_DECRYPT_FAILED',
    'decrypt before everything about the certificate',
  );
  t.equal(
    caught({ ...base, encryptedKeyPem: encryptKeyPem(other.privateKey), now: later }).code,
    'KEY_MISMATCH',
    'key match before time',
  );
  t.equal(caught({ ...base, trustBundlePem: untrusting.pem, now: later }).code, 'CHAIN_UNTRUSTED', 'trust before time');
  t.equal(
    caught({ ...serverOnly.material, role: 'client', now: later, expectedDns: ['x.local'] }).code,
    'EXPIRED',
    'time before policy',
  );
  t.equal(
    caught({ ...serverOnly.material, role: 'client', now, expectedDns: ['x.local'] }).code,
    'EKU_MISSING',
    'EKU before SAN',
  );
});

t.test('no passphrase or key line in the errors for a wrong passphrase or a mismatched key', async (t) => {
  const other = await createLeaf(intermediate);
  const otherEncrypted = encryptKeyPem(other.privateKey);
  const wrong = 'Another!Random&Passphrase*0123456789';
  const failures = [caught({ ...base, passphrase: wrong }), caught({ ...base, encryptedKeyPem: otherEncrypted })];
  t.same(
    failures.map((e) => e.code),
    ['KEY_DECRYPT_FAILED', 'KEY_MISMATCH'],
  );
  const secrets = [
    TEST_PASSPHRASE,
    wrong,
    ...pemBodyLines(identity.material.encryptedKeyPem),
    ...pemBodyLines(leaf.privateKeyPem),
    ...pemBodyLines(otherEncrypted),
    ...pemBodyLines(other.privateKeyPem),
  ];
  for (const err of failures) {
    const transcript = errorTranscript(err);
    t.ok(
      secrets.every((secret) => !transcript.includes(secret)),
      `${err.code}: nothing secret in message, String, stack, inspect or cause`,
    );
  }
});
