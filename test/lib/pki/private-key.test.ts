import { execFile } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { decryptPrivateKey, encryptPrivateKey } from '../../../lib/pki/private-key.ts';
import {
  TEST_PASSPHRASE,
  createLeaf,
  createRootCa,
  encryptKeyPem,
  errorTranscript,
  pemBodyLines,
} from '../../helpers/pki-fixtures.ts';

const OPENSSL = '/usr/bin/openssl';
const root = await createRootCa();
const leaves = {
  EC_prime256v1: await createLeaf(root, { keyAlgorithm: 'EC_prime256v1' }),
  EC_secp384r1: await createLeaf(root, { keyAlgorithm: 'EC_secp384r1' }),
  RSA_2048: await createLeaf(root, { keyAlgorithm: 'RSA_2048' }),
};
const leaf = leaves.EC_prime256v1;

function spki(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

function openssl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(OPENSSL, args, { timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`openssl ${args[0]}: ${stderr}`)) : resolve(stdout),
    );
  });
}

/** A 0600 passphrase file, as `-passin/-passout file:` reads it (first line). */
function passFile(dir: string, passphrase: string): string {
  const path = join(dir, 'passphrase');
  writeFileSync(path, `${passphrase}\n`, { mode: 0o600 });
  return path;
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

t.test('encryptPrivateKey → decryptPrivateKey round-trips every key type', async (t) => {
  for (const [name, fixture] of Object.entries(leaves)) {
    const pem = encryptPrivateKey(fixture.privateKey, TEST_PASSPHRASE);
    t.match(pem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/, name);
    const key = decryptPrivateKey(pem, TEST_PASSPHRASE);
    t.equal(key.type, 'private');
    t.same(spki(key), spki(fixture.privateKey), `${name} decrypts to the same key`);
  }
});

t.test('decrypts with a Buffer passphrase and with requireEncrypted', async (t) => {
  const pem = encryptKeyPem(leaf.privateKey);
  t.same(spki(decryptPrivateKey(pem, Buffer.from(TEST_PASSPHRASE), { requireEncrypted: true })), spki(leaf.privateKey));
});

t.test(
  'encryptPrivateKey emits PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC, the form BoringSSL reads',
  { skip: !existsSync(OPENSSL) && 'no openssl' },
  async (t) => {
    const dir = t.testdir();
    const path = join(dir, 'key.pem');
    writeFileSync(path, encryptPrivateKey(leaf.privateKey, TEST_PASSPHRASE), { mode: 0o600 });
    const parsed = await openssl(['asn1parse', '-in', path]);
    const oids = [...parsed.matchAll(/OBJECT\s*:(\S+)/g)].map((m) => m[1]);
    t.same(oids, ['PBES2', 'PBKDF2', 'hmacWithSHA256', 'aes-256-cbc']);
  },
);

t.test(
  'a key encrypted by `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256` decrypts',
  { skip: !existsSync(OPENSSL) && 'no openssl' },
  async (t) => {
    const dir = t.testdir();
    for (const [name, fixture] of Object.entries(leaves)) {
      const plain = join(dir, `${name}.plain.pem`);
      const encrypted = join(dir, `${name}.enc.pem`);
      writeFileSync(plain, fixture.privateKeyPem, { mode: 0o600 });
      const pass = passFile(dir, TEST_PASSPHRASE);
      t.equal(statSync(pass).mode & 0o777, 0o600);
      await openssl([
        'pkcs8',
        '-topk8',
        '-v2',
        'aes-256-cbc',
        '-v2prf',
        'hmacWithSHA256',
        '-in',
        plain,
        '-out',
        encrypted,
        '-passout',
        `file:${pass}`,
      ]);
      const pem = readFileSync(encrypted, 'utf8');
      t.match(pem, /BEGIN ENCRYPTED PRIVATE KEY/);
      t.same(spki(decryptPrivateKey(pem, TEST_PASSPHRASE, { requireEncrypted: true })), spki(fixture.privateKey), name);
    }
  },
);

t.test(
  'our encryptPrivateKey output decrypts with `openssl pkcs8 -passin file:`',
  { skip: !existsSync(OPENSSL) && 'no openssl' },
  async (t) => {
    const dir = t.testdir();
    for (const [name, fixture] of Object.entries(leaves)) {
      const encrypted = join(dir, `${name}.enc.pem`);
      writeFileSync(encrypted, encryptPrivateKey(fixture.privateKey, TEST_PASSPHRASE), { mode: 0o600 });
      const decrypted = await openssl(['pkcs8', '-in', encrypted, '-passin', `file:${passFile(dir, TEST_PASSPHRASE)}`]);
      t.same(spki(createPrivateKey(decrypted)), spki(fixture.privateKey), name);
    }
  },
);

t.test('wrong passphrase → KEY_DECRYPT_FAILED, and nothing secret in the error', async (t) => {
  const encrypted = encryptKeyPem(leaf.privateKey, TEST_PASSPHRASE);
  const wrong = 'Wr0ng!Passphrase&With*Enough^Length';
  const err = catchError(() => decryptPrivateKey(encrypted, wrong));
  t.match(err, {
    name: 'PkiError',
    code: 'KEY_DECRYPT_FAILED',
    message: /^the private key does not decrypt with the stored passphrase/,
  });
  const transcript = errorTranscript(err);
  t.notOk(transcript.includes(wrong), 'no passphrase given');
  t.notOk(transcript.includes(TEST_PASSPHRASE), 'no right passphrase');
  for (const line of [...pemBodyLines(encrypted), ...pemBodyLines(leaf.privateKeyPem)]) {
    t.notOk(transcript.includes(line), 'no key PEM line');
  }
  // The cause is a neutral stand-in: OpenSSL's code, no OpenSSL error stack or object from the decryption.
  const cause = (err as Error).cause as Error & { code: string; opensslErrorStack?: unknown };
  t.match(cause.message, /^crypto refused the key \((ERR_[A-Z0-9_]+|unknown)\)$/);
  t.equal(cause.opensslErrorStack, undefined);
  t.equal(cause.cause, undefined);
});

t.test('a corrupted encrypted key → KEY_DECRYPT_FAILED', async (t) => {
  const encrypted = encryptKeyPem(leaf.privateKey);
  const der = Buffer.from(pemBodyLines(encrypted).join(''), 'base64');
  der.writeUInt8(der.readUInt8(der.length - 5) ^ 0xff, der.length - 5);
  const corrupted = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${der.toString('base64')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
  t.throws(() => decryptPrivateKey(corrupted, TEST_PASSPHRASE), { code: 'KEY_DECRYPT_FAILED' });
});

t.test('an encrypted key without passphrase → KEY_DECRYPT_FAILED naming the missing passphrase', async (t) => {
  const encrypted = encryptKeyPem(leaf.privateKey);
  t.throws(() => decryptPrivateKey(encrypted, ''), {
    code: 'KEY_DECRYPT_FAILED',
    message: /encrypted but no passphrase was given/,
  });
  t.throws(() => decryptPrivateKey(encrypted, undefined), { code: 'KEY_DECRYPT_FAILED', message: /no passphrase/ });
});

t.test('an unencrypted key is read, unless encryption is required', async (t) => {
  t.same(spki(decryptPrivateKey(leaf.privateKeyPem, undefined)), spki(leaf.privateKey));
  const sec1 = leaf.privateKey.export({ type: 'sec1', format: 'pem' }) as string;
  t.same(spki(decryptPrivateKey(sec1, undefined)), spki(leaf.privateKey), 'legacy EC PRIVATE KEY');
  const err = catchError(() => decryptPrivateKey(leaf.privateKeyPem, TEST_PASSPHRASE, { requireEncrypted: true }));
  t.match(err, {
    code: 'KEY_NOT_ENCRYPTED',
    message: /stored unencrypted \(PRIVATE KEY\); the secret must hold an encrypted PKCS#8 key/,
  });
  for (const line of pemBodyLines(leaf.privateKeyPem)) t.notOk(errorTranscript(err).includes(line));
});

t.test('a legacy Proc-Type encrypted RSA key needs its passphrase', async (t) => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const legacy = privateKey.export({
    type: 'pkcs1',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: TEST_PASSPHRASE,
  }) as string;
  t.match(legacy, /Proc-Type: 4,ENCRYPTED/);
  t.same(spki(decryptPrivateKey(legacy, TEST_PASSPHRASE, { requireEncrypted: true })), spki(privateKey));
  t.throws(() => decryptPrivateKey(legacy, undefined), { code: 'KEY_DECRYPT_FAILED' });
  t.throws(() => decryptPrivateKey(legacy, 'wrong-passphrase'), { code: 'KEY_DECRYPT_FAILED' });
});

t.test('no private key block, several, or a block that is no key → PEM_MALFORMED', async (t) => {
  t.throws(() => decryptPrivateKey(leaf.pem, TEST_PASSPHRASE), {
    code: 'PEM_MALFORMED',
    message: /no private key PEM block \(found only CERTIFICATE\)/,
  });
  t.throws(() => decryptPrivateKey('', TEST_PASSPHRASE), {
    code: 'PEM_MALFORMED',
    message: /no private key PEM block; expected -----BEGIN ENCRYPTED PRIVATE KEY-----/,
  });
  t.throws(() => decryptPrivateKey(leaf.privateKeyPem + leaf.privateKeyPem, undefined), {
    code: 'PEM_MALFORMED',
    message: /found 2/,
  });
  t.throws(() => decryptPrivateKey('-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n', undefined), {
    code: 'PEM_MALFORMED',
    message: /does not parse as a private key/,
  });
});

t.test('encryptPrivateKey refuses a public key and an empty passphrase', async (t) => {
  t.throws(() => encryptPrivateKey(createPublicKey(leaf.privateKey), TEST_PASSPHRASE), TypeError);
  t.throws(() => encryptPrivateKey(leaf.privateKey, ''), TypeError);
});
