// Writes a throwaway CA and identity (EKU serverAuth + clientAuth, valid for a
// day) that the build's code-cache warm-up runs the agent on, to the path given:
//   node --import tsx envoy/agent/bundle/make-warm-up-material.ts <file>
// Made fresh by every build and deleted after it, so no key ever sits in the
// repository (secret scanners rightly flag committed keys, throwaway or not).
import { KeyObject, webcrypto } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { encryptPrivateKey } from '../../../lib/pki/index.ts';
import { x509 } from '../../../lib/x509.ts';

const NAME = 'warm-up.pca-mtls.invalid';
const PASSPHRASE = 'warm-up material, not a secret';
const HOUR_MS = 3_600_000;
const notBefore = new Date(Date.now() - HOUR_MS);
const notAfter = new Date(Date.now() + 24 * HOUR_MS);
const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const generate = () => webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);

const rootKeys = await generate();
const root = await x509.X509CertificateGenerator.createSelfSigned({
  name: 'CN=pca-mtls warm-up root (not trusted anywhere)',
  keys: rootKeys,
  serialNumber: '01',
  notBefore,
  notAfter,
  signingAlgorithm: algorithm,
  extensions: [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
  ],
});
const leafKeys = await generate();
const leaf = await x509.X509CertificateGenerator.create({
  subject: `CN=${NAME}`,
  issuer: root.subject,
  publicKey: leafKeys.publicKey,
  signingKey: rootKeys.privateKey,
  serialNumber: '02',
  notBefore,
  notAfter,
  signingAlgorithm: algorithm,
  extensions: [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']),
    new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: NAME }]),
  ],
});
const pem = (c: x509.X509Certificate) => `${c.toString('pem').replace(/\r\n/g, '\n').trimEnd()}\n`;
const identity = {
  schema: 'pca-mtls/v1',
  identity: 'warm-up',
  source: 'pca',
  caArn: 'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/00000000-0000-0000-0000-000000000000',
  certificate: pem(leaf),
  certificateChain: pem(root),
  privateKey: encryptPrivateKey(KeyObject.from(leafKeys.privateKey), PASSPHRASE),
  passphrase: PASSPHRASE,
  serial: '02',
  notBefore: notBefore.toISOString(),
  notAfter: notAfter.toISOString(),
  keyAlgorithm: 'EC_prime256v1',
  exportedAt: notBefore.toISOString(),
};
const trust = {
  schema: 'pca-mtls-trust/v1',
  cas: [{ arn: identity.caArn, certificate: pem(root) }],
  updatedAt: notBefore.toISOString(),
};
const target = process.argv[2];
if (!target) throw new Error('usage: make-warm-up-material.ts <file>');
writeFileSync(target, `${JSON.stringify({ name: NAME, identity, trust })}\n`, { mode: 0o600 });
