/**
 * The crypto, proven with openssl itself: exported keys decrypt with the
 * passphrase (given through a 0600 file), match their certificates, and the
 * chains verify, for a root → leaf and a root → subordinate → leaf hierarchy.
 */
import { ACMClient, ExportCertificateCommand, RequestCertificateCommand } from '@aws-sdk/client-acm';
import {
  ACMPCAClient,
  GetCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
} from '@aws-sdk/client-acm-pca';
import { existsSync } from 'node:fs';
import t from 'tap';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';
import { activateRoot, activateSubordinate, createCa, getIssued, makeCsr, TEMPLATE } from '../acm-pca/helpers.ts';
import { OPENSSL, openssl, scratchDir } from '../../../helpers/openssl.ts';

if (!existsSync(OPENSSL)) t.plan(0, 'openssl is not installed');

async function setup(t: Teardown) {
  const local = await startTestAwsLocal(t, { timings: { 'pca.issue': 0, 'acm.issue': 0, 'acm.visible': 0 } });
  return { pca: new ACMPCAClient(local.clientConfig), acm: new ACMClient(local.clientConfig) };
}

/** Exports an ACM certificate and checks it with openssl against `rootPem`. */
async function proveExport(t: Tap, acm: ACMClient, certificateArn: string, rootPem: string, label: string) {
  const passphrase = Buffer.from(`pass-${label}-!&*()_+=`);
  const out = await acm.send(new ExportCertificateCommand({ CertificateArn: certificateArn, Passphrase: passphrase }));
  const files = await scratchDir(t);
  const leaf = await files.write('leaf.pem', out.Certificate!);
  const chain = await files.write('chain.pem', out.CertificateChain!);
  const root = await files.write('root.pem', rootPem);
  const encrypted = await files.write('key.enc.pem', out.PrivateKey!);
  const passFile = await files.write('pass.txt', passphrase);

  const parsed = await openssl(['asn1parse', '-in', encrypted], files.dir);
  t.match(parsed.stdout, /PBES2[\s\S]*PBKDF2[\s\S]*aes-256-cbc/, `${label}: PKCS#8 PBES2 with PBKDF2 and AES-256-CBC`);
  const decrypted = await openssl(
    ['pkcs8', '-in', encrypted, '-passin', `file:${passFile}`, '-out', 'key.pem'],
    files.dir,
  );
  t.equal(decrypted.code, 0, `${label}: openssl pkcs8 decrypts the key with the passphrase ${decrypted.stderr}`);
  const wrongPass = await files.write('wrong.txt', 'not the passphrase');
  const refused = await openssl(
    ['pkcs8', '-in', encrypted, '-passin', `file:${wrongPass}`, '-out', 'nope.pem'],
    files.dir,
  );
  t.not(refused.code, 0, `${label}: a wrong passphrase does not decrypt`);

  const keyPub = await openssl(['pkey', '-in', 'key.pem', '-pubout'], files.dir);
  const certPub = await openssl(['x509', '-in', leaf, '-noout', '-pubkey'], files.dir);
  t.equal(keyPub.code, 0);
  t.equal(keyPub.stdout, certPub.stdout, `${label}: the key matches the certificate's public key`);

  const verified = await openssl(['verify', '-CAfile', root, '-untrusted', chain, leaf], files.dir);
  t.equal(verified.code, 0, `${label}: openssl verify accepts the chain ${verified.stderr}`);
  t.match(verified.stdout, /leaf\.pem: OK/);
  const strict = await openssl(
    ['verify', '-CAfile', root, '-untrusted', chain, '-purpose', 'sslclient', leaf],
    files.dir,
  );
  t.equal(strict.code, 0, `${label}: valid for TLS client authentication`);
  const server = await openssl(
    ['verify', '-CAfile', root, '-untrusted', chain, '-purpose', 'sslserver', leaf],
    files.dir,
  );
  t.equal(server.code, 0, `${label}: valid for TLS server authentication`);

  const text = await openssl(['x509', '-in', leaf, '-noout', '-text'], files.dir);
  t.match(text.stdout, /X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication, TLS Web Client Authentication/);
  t.match(text.stdout, /DNS:colorgateway\.local/);
  t.match(text.stdout, /CA:FALSE/);
  return files;
}

type Tap = Parameters<Parameters<typeof t.test>[0]>[0];

t.test('ROOT → ACM leaf: exported key decrypts, matches and verifies with openssl', async (t) => {
  const { pca, acm } = await setup(t);
  const root = await createCa(pca, { commonName: 'Openssl Root' });
  const rootPem = await activateRoot(pca, root);
  const { CertificateArn } = await acm.send(
    new RequestCertificateCommand({
      DomainName: 'colorgateway.local',
      CertificateAuthorityArn: root,
      KeyAlgorithm: 'EC_prime256v1',
    }),
  );
  await proveExport(t, acm, CertificateArn!, rootPem, 'root');
});

t.test('ROOT → SUBORDINATE → ACM leaf (RSA) verifies with openssl', async (t) => {
  const { pca, acm } = await setup(t);
  const root = await createCa(pca, { keyAlgorithm: 'RSA_2048', commonName: 'RSA Root' });
  const rootPem = await activateRoot(pca, root, 'SHA256WITHRSA');
  const sub = await createCa(pca, { type: 'SUBORDINATE', keyAlgorithm: 'RSA_2048', commonName: 'RSA Issuing CA' });
  await activateSubordinate(pca, root, sub, 'SHA256WITHRSA');
  const { CertificateArn } = await acm.send(
    new RequestCertificateCommand({ DomainName: 'colorgateway.local', CertificateAuthorityArn: sub }),
  );
  const files = await proveExport(t, acm, CertificateArn!, rootPem, 'hierarchy');
  const subjects = await openssl(['x509', '-in', 'chain.pem', '-noout', '-subject'], files.dir);
  t.match(subjects.stdout, /CN = RSA Issuing CA/, 'the chain starts with the issuing subordinate');
  const onlyRoot = await openssl(['verify', '-CAfile', 'root.pem', 'leaf.pem'], files.dir);
  t.not(onlyRoot.code, 0, 'without the subordinate the leaf does not verify: it really is signed by the subordinate');
});

t.test('Private CA IssueCertificate: ROOT → SUBORDINATE → leaf with client-auth EKU verifies', async (t) => {
  const { pca } = await setup(t);
  const root = await createCa(pca, { commonName: 'PCA Root' });
  const rootPem = await activateRoot(pca, root);
  const sub = await createCa(pca, { type: 'SUBORDINATE', commonName: 'PCA Sub' });
  await activateSubordinate(pca, root, sub);
  const csr = await makeCsr({ commonName: 'colorteller', dnsNames: ['colorteller.local'] });
  const { CertificateArn } = await pca.send(
    new IssueCertificateCommand({
      CertificateAuthorityArn: sub,
      Csr: Buffer.from(csr.csrPem),
      SigningAlgorithm: 'SHA256WITHECDSA',
      TemplateArn: TEMPLATE('EndEntityClientAuthCertificate/V1'),
      Validity: { Type: 'DAYS', Value: 7 },
    }),
  );
  const issued = await getIssued(pca, sub, CertificateArn!);
  const files = await scratchDir(t);
  await files.write('root.pem', rootPem);
  await files.write('chain.pem', issued.CertificateChain!);
  await files.write('leaf.pem', issued.Certificate!);
  await files.write('key.pem', csr.privateKeyPem);
  const verified = await openssl(
    ['verify', '-CAfile', 'root.pem', '-untrusted', 'chain.pem', '-purpose', 'sslclient', 'leaf.pem'],
    files.dir,
  );
  t.equal(verified.code, 0, verified.stderr);
  const asServer = await openssl(
    ['verify', '-CAfile', 'root.pem', '-untrusted', 'chain.pem', '-purpose', 'sslserver', 'leaf.pem'],
    files.dir,
  );
  t.not(asServer.code, 0, 'a client-auth certificate is not a server certificate');
  const text = await openssl(['x509', '-in', 'leaf.pem', '-noout', '-text'], files.dir);
  t.match(text.stdout, /X509v3 Extended Key Usage: \n\s+TLS Web Client Authentication\n/);
  const subCa = await pca.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: sub }));
  await files.write('sub.pem', subCa.Certificate!);
  const subText = await openssl(['x509', '-in', 'sub.pem', '-noout', '-text'], files.dir);
  t.match(subText.stdout, /X509v3 Basic Constraints: critical\n\s+CA:TRUE, pathlen:0/);
  t.match(subText.stdout, /X509v3 Key Usage: critical\n\s+Digital Signature, Certificate Sign, CRL Sign/);
  const matches = await openssl(['x509', '-in', 'leaf.pem', '-noout', '-pubkey'], files.dir);
  const keyPub = await openssl(['pkey', '-in', 'key.pem', '-pubout'], files.dir);
  t.equal(matches.stdout, keyPub.stdout, 'the certificate carries the CSR key');
});
