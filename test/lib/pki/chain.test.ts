import t from 'tap';
import { parseCertificate, type ParsedCertificate } from '../../../lib/pki/certificate.ts';
import { MAX_CHAIN_CERTIFICATES, MAX_CHAIN_DEPTH, buildChain } from '../../../lib/pki/chain.ts';
import { PkiError } from '../../../lib/pki/errors.ts';
import { createLeaf, createRootCa, createSubordinateCa, type FixtureCa } from '../../helpers/pki-fixtures.ts';
import { nth } from '../../helpers/present.ts';

const p = (fixture: { pem: string }) => parseCertificate(fixture.pem);
const serials = (path: ParsedCertificate[]) => path.map((c) => c.serial);

const root = await createRootCa();
const sub = await createSubordinateCa(root);
const leaf = await createLeaf(sub);
const otherRoot = await createRootCa({ commonName: 'Other Root CA' });
const otherSub = await createSubordinateCa(otherRoot, { commonName: 'Other Subordinate CA' });

function caught(fn: () => unknown): PkiError {
  try {
    fn();
  } catch (err) {
    return err as PkiError;
  }
  throw new Error('expected a throw');
}

t.test('builds leaf → subordinate → root', async (t) => {
  t.same(serials(buildChain(p(leaf), [p(sub)], [p(root)])), [leaf.serial, sub.serial, root.serial]);
});

t.test('accepts unordered chains with extra certificates, as TLS 1.3 allows', async (t) => {
  const extras = [
    p(root),
    p(otherSub),
    p(await createLeaf(sub, { commonName: 'another.local' })),
    p(sub),
    p(otherRoot),
  ];
  t.same(serials(buildChain(p(leaf), extras, [p(otherRoot), p(root)])), [leaf.serial, sub.serial, root.serial]);
});

t.test('walks several intermediates given in reverse order, with mixed key types', async (t) => {
  const rsaRoot = await createRootCa({ keyAlgorithm: 'RSA_2048', commonName: 'RSA Root' });
  const p384 = await createSubordinateCa(rsaRoot, { keyAlgorithm: 'EC_secp384r1', commonName: 'P-384 Issuing CA 1' });
  const p256 = await createSubordinateCa(p384, { commonName: 'P-256 Issuing CA 2' });
  const deepLeaf = await createLeaf(p256, { keyAlgorithm: 'RSA_2048' });
  t.same(serials(buildChain(p(deepLeaf), [p(rsaRoot), p(p256), p(p384)], [p(rsaRoot)])), [
    deepLeaf.serial,
    p256.serial,
    p384.serial,
    rsaRoot.serial,
  ]);
});

t.test('a leaf issued directly by the anchor needs no intermediates', async (t) => {
  const direct = await createLeaf(root);
  t.same(serials(buildChain(p(direct), [], [p(root)])), [direct.serial, root.serial]);
});

t.test('an anchor that is an intermediate ends the path (pinning)', async (t) => {
  t.same(serials(buildChain(p(leaf), [p(sub), p(root)], [p(sub)])), [leaf.serial, sub.serial]);
  t.same(serials(buildChain(p(leaf), [], [p(leaf)])), [leaf.serial], 'a pinned leaf is its own path');
});

t.test('a missing intermediate → CHAIN_INCOMPLETE naming the missing issuer', async (t) => {
  const err = caught(() => buildChain(p(leaf), [p(otherSub)], [p(root)]));
  t.equal(err.code, 'CHAIN_INCOMPLETE');
  t.match(
    err.message,
    `no certificate for issuer "${sub.subject}" of certificate "${leaf.subject}" (serial ${leaf.serial})`,
  );
  t.same(err.certificate, { subject: leaf.subject, serial: leaf.serial });
});

t.test('a CA with the same name but a different key → CHAIN_SIGNATURE', async (t) => {
  // Same subject names as the real hierarchy, different keys: a lookalike or a pre-rotation CA.
  const fakeRoot = await createRootCa();
  const fakeSub = await createSubordinateCa(fakeRoot);
  t.equal(fakeSub.subject, sub.subject);

  const viaChain = caught(() => buildChain(p(leaf), [p(fakeSub)], [p(root), p(fakeRoot)]));
  t.equal(viaChain.code, 'CHAIN_SIGNATURE');
  t.match(
    viaChain.message,
    `the signature of certificate "${leaf.subject}" (serial ${leaf.serial}) does not verify with the key of any CA named "${sub.subject}" (serial ${fakeSub.serial})`,
  );

  const viaAnchor = caught(() => buildChain(p(leaf), [p(sub)], [p(fakeRoot)]));
  t.equal(viaAnchor.code, 'CHAIN_SIGNATURE');
  t.match(
    viaAnchor.message,
    `certificate "${sub.subject}" (serial ${sub.serial})`,
    'names the certificate whose issuer is a lookalike',
  );
  t.same(viaAnchor.certificate, { subject: sub.subject, serial: sub.serial });
});

t.test('a rotated CA with the same name next to the right one is tolerated', async (t) => {
  const rotated = await createSubordinateCa(root);
  t.equal(rotated.subject, sub.subject);
  t.same(serials(buildChain(p(leaf), [p(rotated), p(sub)], [p(root)])), [leaf.serial, sub.serial, root.serial]);
});

t.test('a self-signed root outside the trust anchors → CHAIN_UNTRUSTED naming the root', async (t) => {
  const err = caught(() => buildChain(p(leaf), [p(sub), p(root)], [p(otherRoot)]));
  t.equal(err.code, 'CHAIN_UNTRUSTED');
  t.match(
    err.message,
    `the chain ends at the self-signed root certificate "${root.subject}" (serial ${root.serial}), which is not in the trust bundle`,
  );
});

t.test('an issuer that is not a CA → CHAIN_ISSUER_NOT_CA', async (t) => {
  const notCa = await createSubordinateCa(root, { commonName: 'Not A CA', isCa: false });
  const fromNotCa = await createLeaf(notCa);
  const err = caught(() => buildChain(p(fromNotCa), [p(notCa)], [p(root)]));
  t.equal(err.code, 'CHAIN_ISSUER_NOT_CA');
  t.match(err.message, /which is not a CA \(basicConstraints cA is not set\)/);
  t.same(err.certificate, { subject: notCa.subject, serial: notCa.serial });

  const noCertSign = await createSubordinateCa(root, { commonName: 'No CertSign CA', keyCertSign: false });
  const signedAnyway = await createLeaf(noCertSign);
  t.throws(() => buildChain(p(signedAnyway), [p(noCertSign)], [p(root)]), {
    code: 'CHAIN_ISSUER_NOT_CA',
    message: /no keyCertSign/,
  });
});

t.test('pathLenConstraint is enforced', async (t) => {
  const strictRoot = await createRootCa({ commonName: 'PathLen0 Root', pathLength: 0 });
  const below = await createSubordinateCa(strictRoot, { commonName: 'Below PathLen0' });
  const belowLeaf = await createLeaf(below);
  const err = caught(() => buildChain(p(belowLeaf), [p(below)], [p(strictRoot)]));
  t.equal(err.code, 'CHAIN_PATH_LENGTH');
  t.match(err.message, /allows 0 intermediate CA\(s\) below it \(pathLenConstraint\) but the chain has 1/);

  const okRoot = await createRootCa({ commonName: 'PathLen1 Root', pathLength: 1 });
  const okSub = await createSubordinateCa(okRoot, { commonName: 'Issuing PathLen0', pathLength: 0 });
  const okLeaf = await createLeaf(okSub);
  t.same(serials(buildChain(p(okLeaf), [p(okSub)], [p(okRoot)])), [okLeaf.serial, okSub.serial, okRoot.serial]);
});

t.test(`paths are bounded at ${MAX_CHAIN_DEPTH} certificates above the leaf`, async (t) => {
  const deepRoot = await createRootCa({ commonName: 'Deep Root' });
  const cas: FixtureCa[] = [];
  let issuer = deepRoot;
  for (let i = 1; i <= MAX_CHAIN_DEPTH; i++) {
    issuer = await createSubordinateCa(issuer, { commonName: `Level ${i}` });
    cas.push(issuer);
  }
  const tooDeep = await createLeaf(issuer);
  t.throws(() => buildChain(p(tooDeep), cas.map(p), [p(deepRoot)]), {
    code: 'CHAIN_TOO_LONG',
    message: /longer than 8 certificates/,
  });
  // One level less fits: seven intermediates plus the anchor.
  const fits = await createLeaf(nth(cas, MAX_CHAIN_DEPTH - 2));
  t.equal(buildChain(p(fits), cas.map(p), [p(deepRoot)]).length, MAX_CHAIN_DEPTH + 1);
});

t.test('cross-signed loops terminate', async (t) => {
  const a = await createRootCa({ commonName: 'Loop A' });
  const b = await createRootCa({ commonName: 'Loop B' });
  const aByB = await createSubordinateCa(b, { commonName: 'Loop A', keys: a.keys });
  const bByA = await createSubordinateCa(a, { commonName: 'Loop B', keys: b.keys });
  const looped = await createLeaf(a);
  const err = caught(() => buildChain(p(looped), [p(aByB), p(bByA)], [p(otherRoot)]));
  t.ok(err instanceof PkiError);
  t.equal(err.code, 'CHAIN_INCOMPLETE');
  // With the real root of the loop trusted, the same pool builds fine.
  t.ok(buildChain(p(looped), [p(aByB), p(bByA)], [p(b)]).length >= 2);
});

t.test('no trust anchors → TRUST_EMPTY', async (t) => {
  t.throws(() => buildChain(p(leaf), [p(sub)], []), {
    code: 'TRUST_EMPTY',
    message: `no trust anchors to verify certificate "${leaf.subject}" (serial ${leaf.serial}) against`,
  });
});

t.test('a pool of same-name, same-key CA certificates is refused quickly, not explored path by path', async (t) => {
  // Twelve re-issues of one CA (same name, same key, different serials): each
  // verifies every other, so a naive search tries every ordering (12!/4! paths).
  const keys = (await createRootCa({ commonName: 'Hostile Loop CA' })).keys;
  const first = await createRootCa({ commonName: 'Hostile Loop CA', keys });
  const pool: FixtureCa[] = [first];
  for (let i = 1; i < 12; i++) pool.push(await createRootCa({ commonName: 'Hostile Loop CA', keys }));
  const victim = await createLeaf(first);
  const started = performance.now();
  const err = caught(() => buildChain(p(victim), pool.map(p), [p(otherRoot)]));
  const elapsedMs = performance.now() - started;
  t.match(err.code, /^CHAIN_/);
  t.equal(err.code, 'CHAIN_UNTRUSTED', 'the pool collapses to one CA, which is an untrusted self-signed root');
  // A "does not hang" bound for a loaded machine; the unbounded search ran for minutes.
  t.ok(elapsedMs < 5000, `refused in ${Math.round(elapsedMs)} ms`);
  // The same pool in the trust bundle still builds: duplicates do not hide the real anchor.
  t.same(serials(buildChain(p(victim), pool.map(p), [p(first)])), [victim.serial, first.serial]);
});

t.test(
  'same-name CAs with distinct keys that all certify each other: bounded, and the work cap answers CHAIN_TOO_COMPLEX',
  async (t) => {
    // Each CA certifies every other CA's key under one name: a complete graph in
    // which no key repeats on a path, so only the caps bound the search.
    const meshRoot = await createRootCa({ commonName: 'Mesh CA' });
    const roots: FixtureCa[] = [meshRoot];
    for (let i = 1; i < 4; i++) roots.push(await createRootCa({ commonName: 'Mesh CA' }));
    const cross: FixtureCa[] = [];
    for (const issuer of roots)
      for (const subject of roots)
        if (subject !== issuer)
          cross.push(await createSubordinateCa(issuer, { commonName: 'Mesh CA', keys: subject.keys }));
    const victim = await createLeaf(meshRoot);
    const started = performance.now();
    const err = caught(() => buildChain(p(victim), cross.map(p), [p(otherRoot)]));
    t.ok(performance.now() - started < 5000, 'refused within a "does not hang" bound');
    t.match(err.code, /^CHAIN_/);
    const capped = caught(() => buildChain(p(victim), cross.map(p), [p(otherRoot)], { maxPathSteps: 5 }));
    t.equal(capped.code, 'CHAIN_TOO_COMPLEX');
    t.match(capped.message, /more than 5 steps/);
    const fewChecks = caught(() => buildChain(p(victim), cross.map(p), [p(otherRoot)], { maxSignatureChecks: 2 }));
    t.equal(fewChecks.code, 'CHAIN_TOO_COMPLEX');
    t.match(fewChecks.message, /more than 2 signature checks/);
  },
);

t.test(
  `more than ${MAX_CHAIN_CERTIFICATES} distinct chain certificates → CHAIN_TOO_COMPLEX before any path is tried`,
  async (t) => {
    const many: FixtureCa[] = [];
    for (let i = 0; i <= MAX_CHAIN_CERTIFICATES; i++)
      many.push(await createSubordinateCa(root, { commonName: `Filler ${i}` }));
    t.throws(() => buildChain(p(leaf), [p(sub), ...many.map(p)], [p(root)]), { code: 'CHAIN_TOO_COMPLEX' });
    // Duplicates by DER count once: the same intermediate fifty times is fine.
    const dupes = Array.from({ length: 50 }, () => p(sub));
    t.same(serials(buildChain(p(leaf), dupes, [p(root)])), [leaf.serial, sub.serial, root.serial]);
  },
);
