import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { effectiveStatus, requireAuthority, requireStatus, setStatus } from '../authorities.ts';
import { publicKeyDerOf } from '../keys.ts';
import { parseCertificates, signedBy, toPem } from '../pem.ts';
import { arn } from '../shapes.ts';
import type { AcmPcaState } from '../state.ts';
import { x509 } from '../x509.ts';

interface Input {
  CertificateAuthorityArn: string;
  Certificate: Buffer;
  CertificateChain?: Buffer;
}

const invalid = (message: string) => new AwsError('InvalidRequestException', message);
const mismatch = (message: string) => new AwsError('CertificateMismatchException', message);

export default defineOperation<AcmPcaState, Input>({
  mutates: true,
  input: t.structure({
    CertificateAuthorityArn: t.required(arn),
    Certificate: t.required(t.blob({ min: 1, max: 32768 })),
    CertificateChain: t.blob({ min: 0, max: 2097152 }),
  }),
  async handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);
    requireStatus(ca, nowMs, ['PENDING_CERTIFICATE', 'ACTIVE', 'DISABLED', 'EXPIRED']);

    const certificates = parseCertificates(input.Certificate, 'certificate');
    const [certificate] = certificates;
    if (!certificate || certificates.length !== 1) throw invalid('The Certificate must hold exactly one certificate.');
    if (!Buffer.from(certificate.publicKey.rawData).equals(publicKeyDerOf(ca.privateKeyPem))) {
      throw mismatch("The certificate's public key does not match the private key of the certificate authority.");
    }
    const constraints = certificate.getExtension(x509.BasicConstraintsExtension);
    if (!constraints?.ca || !constraints.critical) {
      throw new AwsError(
        'MalformedCertificateException',
        'A CA certificate must have critical basic constraints with CA:TRUE.',
      );
    }
    const selfSigned = certificate.subject === certificate.issuer && (await signedBy(certificate, certificate));
    const hasChain = !!input.CertificateChain && input.CertificateChain.toString('utf8').trim() !== '';

    let chain: x509.X509Certificate[] = [];
    if (ca.type === 'ROOT') {
      if (!selfSigned) throw invalid('Only a self-signed certificate can be imported as a root CA.');
      if (hasChain) throw invalid('A root CA certificate is imported without a certificate chain.');
    } else {
      if (selfSigned) throw invalid('A self-signed certificate cannot be imported as a subordinate CA.');
      if (!hasChain) throw invalid('A subordinate CA certificate must be imported with its certificate chain.');
      chain = parseCertificates(input.CertificateChain, 'certificate chain');
      if (chain.some((c) => c.equal(certificate))) {
        throw invalid('The certificate chain must not include the CA certificate being imported.');
      }
      // Each certificate is signed by the next one; the root comes last and signs itself.
      let child = certificate;
      for (const [i, issuer] of chain.entries()) {
        if (!(await signedBy(child, issuer))) {
          throw mismatch(`Certificate ${i} of the chain did not sign the certificate before it.`);
        }
        child = issuer;
      }
      const root = chain.at(-1)!;
      if (!(await signedBy(root, root)))
        throw mismatch('The last certificate of the chain must be a self-signed root.');
    }

    ca.certificatePem = toPem([certificate]);
    ca.certificateChainPem = chain.length ? toPem(chain) : undefined;
    ca.serial = certificate.serialNumber.toLowerCase();
    ca.notBefore = certificate.notBefore.getTime();
    ca.notAfter = certificate.notAfter.getTime();
    const status = effectiveStatus(ca, nowMs);
    if (status === 'PENDING_CERTIFICATE' || status === 'EXPIRED') {
      setStatus(ca, 'ACTIVE', nowMs);
      ca.lastStateChangeAt = nowMs;
    }
    return {};
  },
});
