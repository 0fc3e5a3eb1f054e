/** PEM certificates and chains sent to Private CA, parsed with its error names. */
import { AwsError } from '../core/aws-error.ts';
import { x509 } from './x509.ts';

const malformed = (what: string) =>
  new AwsError('MalformedCertificateException', `The ${what} could not be parsed as PEM-encoded X.509.`);

export function parseCertificates(bytes: Buffer, what: string): x509.X509Certificate[] {
  try {
    const blocks = x509.PemConverter.decodeWithHeaders(bytes.toString('utf8'));
    if (blocks.length === 0 || blocks.some((b) => b.type !== 'CERTIFICATE')) throw malformed(what);
    return blocks.map((b) => new x509.X509Certificate(b.rawData));
  } catch {
    throw malformed(what);
  }
}

export function toPem(certificates: readonly x509.X509Certificate[]): string {
  return certificates.map((c) => c.toString('pem') + '\n').join('');
}

/** Whether `issuer`'s key made `subject`'s signature (signature only, no dates). */
export async function signedBy(subject: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> {
  try {
    return await subject.verify({ publicKey: issuer.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
}
