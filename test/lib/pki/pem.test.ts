import t, { type Test } from 'tap';
import { findPemBlocks, readPemBlocks, splitPemBundle } from '../../../lib/pki/pem.ts';
import { createLeaf, createRootCa, errorTranscript, pemBodyLines } from '../../helpers/pki-fixtures.ts';
import { nth } from '../../helpers/present.ts';

const root = await createRootCa();
const leaf = await createLeaf(root);

function malformed(t: Test, fn: () => unknown, message: RegExp) {
  t.throws(fn, { name: 'PkiError', code: 'PEM_MALFORMED', message });
}

t.test('splits a bundle into normalized blocks', async (t) => {
  t.same(splitPemBundle(leaf.pem + root.pem), [leaf.pem, root.pem]);
});

t.test('tolerates CRLF, indentation, blank lines and comments between blocks', async (t) => {
  const messy =
    '# leaf\r\n' +
    leaf.pem
      .split('\n')
      .map((l) => `  ${l}  `)
      .join('\r\n') +
    '\r\n\r\nsubject=CN=Test Root CA\r\nissuer=CN=Test Root CA\r\n' +
    root.pem.replace(/\n/g, '\r\n') +
    '\r\n   \r\n';
  t.same(splitPemBundle(messy), [leaf.pem, root.pem]);
});

t.test('re-wraps base64 at 64 columns and ends with a newline', async (t) => {
  const body = pemBodyLines(root.pem).join('');
  const oneLine = `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;
  const block = nth(splitPemBundle(oneLine), 0);
  t.equal(block, root.pem);
  t.ok(block.endsWith('-----END CERTIFICATE-----\n'));
});

t.test('returns only the blocks of the label asked for', async (t) => {
  const mixed = leaf.pem + leaf.privateKeyPem + root.pem;
  t.same(splitPemBundle(mixed), [leaf.pem, root.pem]);
  t.same(splitPemBundle(mixed, 'PRIVATE KEY'), [leaf.privateKeyPem]);
});

t.test('BEGIN without END is malformed, and the message carries no body line', async (t) => {
  const truncated = leaf.privateKeyPem.split('\n').slice(0, 3).join('\n');
  let caught: unknown;
  try {
    splitPemBundle(root.pem + truncated, 'PRIVATE KEY');
  } catch (err) {
    caught = err;
  }
  t.match(caught, { code: 'PEM_MALFORMED', message: /PRIVATE KEY at line \d+ has BEGIN but no END/ });
  const transcript = errorTranscript(caught);
  for (const line of pemBodyLines(leaf.privateKeyPem)) t.notOk(transcript.includes(line), 'no key line in the error');
});

t.test('a BEGIN inside an open block is malformed', async (t) => {
  const spliced = root.pem.split('\n').slice(0, 4).join('\n') + '\n' + leaf.pem;
  malformed(t, () => splitPemBundle(spliced), /no END line before the next BEGIN/);
});

t.test('END with another label, or without BEGIN, is malformed', async (t) => {
  malformed(
    t,
    () => splitPemBundle(root.pem.replace('END CERTIFICATE', 'END PRIVATE KEY')),
    /ends with END PRIVATE KEY/,
  );
  malformed(t, () => splitPemBundle('-----END CERTIFICATE-----\n'), /no matching BEGIN/);
});

t.test('bad base64 is malformed', async (t) => {
  const lines = root.pem.split('\n');
  const line = nth(lines, 2);
  lines[2] = line.slice(0, 10) + '!' + line.slice(11);
  malformed(t, () => splitPemBundle(lines.join('\n')), /not valid base64/);
  malformed(
    t,
    () => splitPemBundle('-----BEGIN CERTIFICATE-----\nQUJD\nRA\n-----END CERTIFICATE-----\n'),
    /not valid base64/,
  );
  malformed(t, () => splitPemBundle('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n'), /not valid base64/);
});

t.test('no block at all is malformed for splitPemBundle, empty for findPemBlocks', async (t) => {
  malformed(t, () => splitPemBundle(''), /no -----BEGIN CERTIFICATE----- block found/);
  malformed(t, () => splitPemBundle('just a comment\n'), /no -----BEGIN CERTIFICATE-----/);
  malformed(t, () => splitPemBundle(leaf.privateKeyPem), /no -----BEGIN CERTIFICATE-----/);
  t.same(findPemBlocks(''), []);
  t.same(findPemBlocks('# nothing here\n'), []);
  malformed(t, () => findPemBlocks(root.pem.slice(0, 80)), /no END/);
});

t.test('non-string input is malformed, not a TypeError', async (t) => {
  malformed(t, () => splitPemBundle(undefined as unknown as string), /expected PEM text, got undefined/);
  malformed(t, () => splitPemBundle(null as unknown as string), /got null/);
});

t.test('readPemBlocks keeps RFC 1421 headers (legacy encrypted keys) and reports lines', async (t) => {
  const legacy =
    'comment\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\nQUJDRA==\n-----END RSA PRIVATE KEY-----\n';
  const block = nth(readPemBlocks(legacy), 0);
  t.equal(block.label, 'RSA PRIVATE KEY');
  t.equal(block.line, 2);
  t.same(block.headers, ['Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF']);
  t.equal(block.der.toString(), 'ABCD');
  t.equal(
    block.pem,
    '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\nQUJDRA==\n-----END RSA PRIVATE KEY-----\n',
  );
});
