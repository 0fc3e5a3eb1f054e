import t from 'tap';
import { callerFromForwardedClientCert } from '../../../services/colorteller/caller-identity.ts';
import { commonNameOf, parseForwardedClientCert } from '../../../services/colorteller/forwarded-client-cert.ts';
import { nth } from '../../helpers/present.ts';

t.test('one element as Envoy writes it with SANITIZE_SET and subject, uri, dns', async (t) => {
  const header =
    'By=spiffe://mesh.local/colorteller;Hash=468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688;Subject="CN=colorgateway.mesh.local,O=pca-mtls tests";URI=;DNS=colorgateway.mesh.local;DNS=gw.mesh.local';
  t.same(parseForwardedClientCert(header), [
    {
      by: ['spiffe://mesh.local/colorteller'],
      hash: '468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688',
      subject: 'CN=colorgateway.mesh.local,O=pca-mtls tests',
      uris: [],
      dnsNames: ['colorgateway.mesh.local', 'gw.mesh.local'],
    },
  ]);
  t.match(callerFromForwardedClientCert(header), {
    identity: 'colorgateway.mesh.local',
    dnsNames: ['colorgateway.mesh.local', 'gw.mesh.local'],
  });
});

t.test('several elements: the last is the closest hop; separators inside quotes do not split', async (t) => {
  const header =
    'By=spiffe://edge;Hash=aa;Subject="CN=outside, O=\\"Quoted, Inc\\"";URI=spiffe://mesh.local/edge,' +
    'By=spiffe://mesh.local/colorteller;Hash=bb;Subject="CN=fallback;x=1";URI=spiffe://mesh.local/colorgateway;DNS=colorgateway.mesh.local';
  const elements = parseForwardedClientCert(header);
  t.equal(elements.length, 2);
  t.equal(nth(elements, 0).subject, 'CN=outside, O="Quoted, Inc"');
  t.equal(nth(elements, 1).subject, 'CN=fallback;x=1');
  t.equal(
    callerFromForwardedClientCert(header)!.identity,
    'spiffe://mesh.local/colorgateway',
    'a spiffe URI wins over DNS',
  );
});

t.test('identity falls back to DNS, then another URI, then the subject CN', async (t) => {
  t.equal(callerFromForwardedClientCert('Hash=1;URI=https://a.example/x;DNS=b.mesh.local')!.identity, 'b.mesh.local');
  t.equal(callerFromForwardedClientCert('Hash=1;URI=https://a.example/x')!.identity, 'https://a.example/x');
  t.equal(callerFromForwardedClientCert('Hash=1;Subject="CN=only-cn.mesh.local,O=x"')!.identity, 'only-cn.mesh.local');
  t.equal(callerFromForwardedClientCert('Hash=1;URI=;DNS='), undefined, 'no name at all');
  t.equal(callerFromForwardedClientCert(''), undefined);
});

t.test('keys are case-insensitive; malformed headers are refused', async (t) => {
  t.equal(callerFromForwardedClientCert('hash=1;dns=c.mesh.local')!.identity, 'c.mesh.local');
  t.throws(() => parseForwardedClientCert('Hash=1;Subject="CN=unterminated'), {
    code: 'XFCC_MALFORMED',
    message: /unterminated/,
  });
  t.throws(() => parseForwardedClientCert('Hash=1;garbage;DNS=a'), { code: 'XFCC_MALFORMED', message: /without '='/ });
});

t.test('commonNameOf reads Envoy and Node spellings and escapes', async (t) => {
  t.equal(commonNameOf('CN=a.mesh.local,O=x'), 'a.mesh.local');
  t.equal(commonNameOf('O=x\nCN=b.mesh.local'), 'b.mesh.local');
  t.equal(commonNameOf('CN=Doe\\, John,O=x'), 'Doe, John');
  t.equal(commonNameOf('O=x'), undefined);
});
