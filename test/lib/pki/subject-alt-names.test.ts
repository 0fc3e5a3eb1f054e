import t from 'tap';
import { parseCertificate } from '../../../lib/pki/certificate.ts';
import { checkSans, dnsNameMatches } from '../../../lib/pki/subject-alt-names.ts';
import { createLeaf, createRootCa } from '../../helpers/pki-fixtures.ts';

const root = await createRootCa();
const leafWith = async (options: Parameters<typeof createLeaf>[1]) =>
  parseCertificate((await createLeaf(root, options)).pem);
const named = await leafWith({ dnsNames: ['colorteller.local', '*.mesh.example.com'] });
const bare = await leafWith({ dnsNames: [] });
const uriOnly = await leafWith({ dnsNames: [], uris: ['spiffe://example.org/colorteller'] });

t.test('dnsNameMatches: exact, case-insensitive, trailing dot', async (t) => {
  t.ok(dnsNameMatches('colorteller.local', 'colorteller.local'));
  t.ok(dnsNameMatches('ColorTeller.Local', 'colorteller.local.'));
  t.notOk(dnsNameMatches('colorteller.local', 'colorgateway.local'));
  t.notOk(dnsNameMatches('', ''));
});

t.test('dnsNameMatches: a wildcard is one whole left-most label (RFC 6125)', async (t) => {
  t.ok(dnsNameMatches('*.example.com', 'a.example.com'));
  t.ok(dnsNameMatches('*.Example.com', 'A.example.COM'));
  t.notOk(dnsNameMatches('*.example.com', 'example.com'), 'not the parent');
  t.notOk(dnsNameMatches('*.example.com', 'a.b.example.com'), 'one label only');
  t.notOk(dnsNameMatches('*.com', 'example.com'), 'not directly under a single label');
  t.notOk(dnsNameMatches('a.*.example.com', 'a.b.example.com'), 'not in an inner label');
  t.notOk(dnsNameMatches('f*.example.com', 'foo.example.com'), 'no partial-label wildcards');
  t.notOk(dnsNameMatches('*.*.example.com', 'a.b.example.com'));
  t.notOk(dnsNameMatches('*.example.com', '*.example.com'.replace('*', '')), 'empty label');
  t.ok(dnsNameMatches('*.example.com', '*.example.com'), 'an expected wildcard matches the same wildcard');
  t.notOk(dnsNameMatches('a.example.com', '*.example.com'), 'but a name does not cover an expected wildcard');
});

t.test('checkSans passes when every expected name is covered', async (t) => {
  t.doesNotThrow(() => checkSans(named));
  t.doesNotThrow(() => checkSans(named, { expectedDns: ['colorteller.local', 'gateway.mesh.example.com'] }));
  t.doesNotThrow(() => checkSans(uriOnly), 'a URI SAN is a SAN');
});

t.test('no SAN at all → SAN_MISSING naming the certificate', async (t) => {
  t.throws(() => checkSans(bare), {
    name: 'PkiError',
    code: 'SAN_MISSING',
    message: `certificate "${bare.subject}" (serial ${bare.serial}) has no subject alternative names; TLS peers verify names against SANs only, so request the certificate with the service's DNS name(s)`,
    certificate: { subject: bare.subject, serial: bare.serial },
  });
  t.doesNotThrow(() => checkSans(bare, { required: false }));
  t.throws(() => checkSans(bare, { required: false, expectedDns: ['colorteller.local'] }), { code: 'SAN_MISSING' });
});

t.test('an expected name not covered → SAN_MISMATCH listing what is missing and what is there', async (t) => {
  t.throws(
    () => checkSans(named, { expectedDns: ['colorteller.local', 'colorgateway.local', 'a.b.mesh.example.com'] }),
    {
      code: 'SAN_MISMATCH',
      message: `certificate "${named.subject}" (serial ${named.serial}) does not cover colorgateway.local, a.b.mesh.example.com (its DNS SANs: colorteller.local, *.mesh.example.com); issue it with those names or fix the expected names`,
    },
  );
  t.throws(() => checkSans(uriOnly, { expectedDns: ['colorteller.local'] }), {
    code: 'SAN_MISMATCH',
    message: /its DNS SANs: no DNS names/,
  });
});
