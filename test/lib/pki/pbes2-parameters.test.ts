import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import t from 'tap';
import { MAX_PBKDF2_ITERATIONS, assertAffordableKeyDerivation } from '../../../lib/pki/pbes2-parameters.ts';
import { decryptPrivateKey } from '../../../lib/pki/private-key.ts';
import { TEST_PASSPHRASE, createRootCa, encryptKeyPem } from '../../helpers/pki-fixtures.ts';

const OPENSSL = '/usr/bin/openssl';
const root = await createRootCa();
const goodPem = encryptKeyPem(root.privateKey);

const derOf = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
const pemOf = (der: Uint8Array) =>
  `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END ENCRYPTED PRIVATE KEY-----\n`;

/**
 * The same encrypted key with another PBKDF2 iteration count: what anyone who
 * can write the secret can do. Built with asn1js (not the code under test) and
 * read back with `openssl asn1parse` as an independent check.
 */
function withIterations(pem: string, count: number): string {
  const epki = asn1js.fromBER(derOf(pem)).result as asn1js.Sequence;
  const algorithm = epki.valueBlock.value[0] as asn1js.Sequence;
  const pbes2 = algorithm.valueBlock.value[1] as asn1js.Sequence;
  const kdf = pbes2.valueBlock.value[0] as asn1js.Sequence;
  const params = kdf.valueBlock.value[1] as asn1js.Sequence;
  params.valueBlock.value[1] = new asn1js.Integer({ value: count });
  return pemOf(new Uint8Array(epki.toBER(false)));
}

function opensslIterations(pem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pbes2-'));
  writeFileSync(join(dir, 'key.der'), derOf(pem));
  const dump = execFileSync(OPENSSL, ['asn1parse', '-inform', 'DER', '-in', join(dir, 'key.der')], {
    encoding: 'utf8',
  });
  // The first INTEGER in the structure is PBKDF2's iterationCount.
  return /INTEGER\s+:([0-9A-F]+)/.exec(dump)?.[1] ?? 'none';
}

t.test("the key's own PBKDF2 count is read; the usual 2048 passes", async (t) => {
  t.equal(assertAffordableKeyDerivation(derOf(goodPem)), 2048);
  t.equal(opensslIterations(goodPem), '0800', 'openssl agrees');
});

t.test('2^31 − 1 iterations are refused with KEY_UNSUPPORTED before any decryption work', async (t) => {
  const hostile = withIterations(goodPem, 2 ** 31 - 1);
  t.equal(opensslIterations(hostile), '7FFFFFFF', 'openssl reads the crafted count');
  const started = performance.now();
  t.throws(() => decryptPrivateKey(hostile, TEST_PASSPHRASE, { requireEncrypted: true }), {
    code: 'KEY_UNSUPPORTED',
    message: /asks for 2147483647 PBKDF2 iterations; pca-mtls accepts 1 to 1000000/,
  });
  // "Does not hang": createPrivateKey would run for about half an hour.
  t.ok(performance.now() - started < 5000);
});

t.test('the cap is inclusive and a count above it is refused', async (t) => {
  t.equal(assertAffordableKeyDerivation(derOf(withIterations(goodPem, MAX_PBKDF2_ITERATIONS))), MAX_PBKDF2_ITERATIONS);
  t.throws(() => assertAffordableKeyDerivation(derOf(withIterations(goodPem, MAX_PBKDF2_ITERATIONS + 1))), {
    code: 'KEY_UNSUPPORTED',
  });
  t.throws(() => assertAffordableKeyDerivation(derOf(withIterations(goodPem, 0))), { code: 'KEY_UNSUPPORTED' });
});

t.test('a key with a modest non-default count still decrypts (the count is not pinned to 2048)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pbes2-'));
  writeFileSync(join(dir, 'plain.pem'), root.privateKeyPem);
  const pem = execFileSync(
    OPENSSL,
    [
      'pkcs8',
      '-topk8',
      '-v2',
      'aes-256-cbc',
      '-v2prf',
      'hmacWithSHA256',
      '-iter',
      '10000',
      '-in',
      join(dir, 'plain.pem'),
      '-passout',
      `pass:${TEST_PASSPHRASE}`,
    ],
    { encoding: 'utf8' },
  );
  t.equal(assertAffordableKeyDerivation(derOf(pem)), 10000);
  t.equal(decryptPrivateKey(pem, TEST_PASSPHRASE, { requireEncrypted: true }).asymmetricKeyType, 'ec');
});

t.test('scrypt and PBES1 schemes are refused with KEY_UNSUPPORTED (their cost is attacker-chosen too)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pbes2-'));
  writeFileSync(join(dir, 'plain.pem'), root.privateKeyPem);
  const convert = (args: string[]) =>
    execFileSync(
      OPENSSL,
      ['pkcs8', '-topk8', ...args, '-in', join(dir, 'plain.pem'), '-passout', `pass:${TEST_PASSPHRASE}`],
      {
        encoding: 'utf8',
      },
    );
  t.throws(() => decryptPrivateKey(convert(['-scrypt']), TEST_PASSPHRASE), {
    code: 'KEY_UNSUPPORTED',
    message: /key derivation is 1\.3\.6\.1\.4\.1\.11591\.4\.11, not PBKDF2/,
  });
  t.throws(() => decryptPrivateKey(convert(['-v1', 'PBE-SHA1-3DES']), TEST_PASSPHRASE), {
    code: 'KEY_UNSUPPORTED',
    message: /not PBES2/,
  });
});

t.test('a block that is not EncryptedPrivateKeyInfo → PEM_MALFORMED without quoting it', async (t) => {
  const err = (() => {
    try {
      assertAffordableKeyDerivation(Buffer.from('3003020101', 'hex'));
    } catch (e) {
      return e as Error;
    }
    return undefined;
  })();
  t.match(err, {
    code: 'PEM_MALFORMED',
    message: 'the ENCRYPTED PRIVATE KEY block does not hold a valid EncryptedPrivateKeyInfo',
  });
});
