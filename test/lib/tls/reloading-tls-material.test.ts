import t from 'tap';
import { watchTlsMaterial, type ReloadingTlsMaterial } from '../../../lib/tls/reloading-tls-material.ts';
import { readTlsMaterial, type TlsMaterial } from '../../../lib/tls/tls-material-files.ts';
import { errorTranscript, pemBodyLines } from '../../helpers/pki-fixtures.ts';
import { createDemoPki, createTlsOutDir } from '../../helpers/tls-out-dir.ts';
import { capturingLogger } from '../../helpers/capturing-logger.ts';

/** Resolves with the next swapped-in set. The watcher's own handles are unref'd, so this keeps the process alive meanwhile. */
function nextChange(material: ReloadingTlsMaterial): Promise<TlsMaterial> {
  const keepAlive = setInterval(() => {}, 1000);
  return new Promise((resolve) => {
    const off = material.onChange((m) => {
      off();
      clearInterval(keepAlive);
      resolve(m);
    });
  });
}

const pki = await createDemoPki();

t.test('reads one consistent set from the directory current points to', async (t) => {
  const out = await createTlsOutDir(t);
  const leaf = await pki.tellerLeaf();
  const versionDir = await out.install(pki.filesFor(leaf, pki.tellerIssuer));
  const material = await readTlsMaterial(out.dir);
  t.equal(material.leaf.serial, leaf.serial);
  t.same(material.leaf.dnsNames, ['colorteller.mesh.local']);
  t.match(material.directory, versionDir.split('/').pop()!);
  t.equal(material.keyPem, leaf.privateKeyPem);
  t.match(
    material.certChainPem,
    /BEGIN CERTIFICATE[\s\S]*BEGIN CERTIFICATE[\s\S]*BEGIN CERTIFICATE/,
    'leaf, issuer, root',
  );
});

t.test('missing or inconsistent material is refused with a code, and without key material', async (t) => {
  const out = await createTlsOutDir(t);
  await t.rejects(readTlsMaterial(out.dir), {
    name: 'TlsMaterialError',
    code: 'TLS_MATERIAL_MISSING',
    message: /current does not exist/,
  });

  const leaf = await pki.tellerLeaf();
  const other = await pki.tellerLeaf();
  await out.install({ ...pki.filesFor(leaf, pki.tellerIssuer), keyPem: other.privateKeyPem });
  const err = await readTlsMaterial(out.dir).catch((e) => e);
  t.match(err, {
    code: 'TLS_KEY_MISMATCH',
    message: new RegExp(`does not belong to the certificate .*serial ${leaf.serial}`),
  });
  const transcript = errorTranscript(err);
  for (const line of pemBodyLines(other.privateKeyPem)) t.notOk(transcript.includes(line), 'no key line in the error');

  await out.install({ ...pki.filesFor(leaf, pki.tellerIssuer), keyPem: 'not a key\n' });
  await t.rejects(readTlsMaterial(out.dir), { code: 'TLS_MATERIAL_INVALID', message: /key\.pem is not a readable/ });
  await out.install({ ...pki.filesFor(leaf, pki.tellerIssuer), trustBundlePem: '' });
  await t.rejects(readTlsMaterial(out.dir), { code: 'TLS_MATERIAL_INVALID', message: /trust-bundle\.pem/ });
});

t.test('an atomic swap of current is picked up through the directory watch', async (t) => {
  const out = await createTlsOutDir(t);
  const first = await pki.tellerLeaf();
  await out.install(pki.filesFor(first, pki.tellerIssuer));
  const { logger, lines } = capturingLogger();
  // The poll is off: only the watch can see the swap.
  const material = await watchTlsMaterial({ outDir: out.dir, logger, pollIntervalMs: 0 });
  t.teardown(() => material.close());
  t.equal(material.current.leaf.serial, first.serial);

  const second = await pki.tellerLeaf();
  const changed = nextChange(material);
  await out.install(pki.filesFor(second, pki.tellerIssuer));
  t.equal((await changed).leaf.serial, second.serial);
  t.equal(material.current.leaf.serial, second.serial);
  t.match(
    lines.join(''),
    new RegExp(`"serial":"${second.serial}".*"previousSerial":"${first.serial}".*TLS material rotated`),
  );
});

t.test('the poll alone finds a swap when no watch event arrives', async (t) => {
  const out = await createTlsOutDir(t);
  await out.install(pki.filesFor(await pki.tellerLeaf(), pki.tellerIssuer));
  const { logger } = capturingLogger();
  const material = await watchTlsMaterial({ outDir: out.dir, logger, watchDirectory: false, pollIntervalMs: 20 });
  t.teardown(() => material.close());
  const next = await pki.tellerLeaf();
  const changed = nextChange(material);
  await out.install(pki.filesFor(next, pki.tellerIssuer));
  t.equal((await changed).leaf.serial, next.serial);
});

t.test(
  'a bad rotation keeps the loaded material, logs once without key material, and a good one still follows',
  async (t) => {
    const out = await createTlsOutDir(t);
    const good = await pki.tellerLeaf();
    await out.install(pki.filesFor(good, pki.tellerIssuer));
    const { logger, lines } = capturingLogger();
    const material = await watchTlsMaterial({ outDir: out.dir, logger, watchDirectory: false, pollIntervalMs: 0 });
    t.teardown(() => material.close());

    const stranger = await pki.tellerLeaf();
    const next = await pki.tellerLeaf();
    await out.install({ ...pki.filesFor(next, pki.tellerIssuer), keyPem: stranger.privateKeyPem });
    t.equal(await material.checkNow(), false, 'not swapped');
    t.equal(await material.checkNow(), false, 'still not swapped');
    t.equal(material.current.leaf.serial, good.serial, 'the previous certificate stays');
    const refusals = lines.filter((l) => l.includes('refused new TLS material'));
    t.equal(refusals.length, 1, 'the same refusal is logged once');
    t.match(refusals[0], /TLS_KEY_MISMATCH/);
    t.match(refusals[0], new RegExp(`"keptSerial":"${good.serial}"`));
    const all = lines.join('');
    for (const line of [...pemBodyLines(stranger.privateKeyPem), ...pemBodyLines(good.privateKeyPem)]) {
      if (all.includes(line)) t.fail('a key line reached the log');
    }
    t.notMatch(all, /PRIVATE KEY/);

    await out.install(pki.filesFor(next, pki.tellerIssuer));
    t.equal(await material.checkNow(), true);
    t.equal(material.current.leaf.serial, next.serial);
  },
);
