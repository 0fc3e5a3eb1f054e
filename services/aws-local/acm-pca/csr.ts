/** Reading a CSR sent to IssueCertificate (PEM bytes, or DER), with Private CA's errors. */
import { AwsError } from '../core/aws-error.ts';
import { isEmptyName } from './names.ts';
import { x509 } from './x509.ts';

const malformed = (detail: string) =>
  new AwsError('MalformedCSRException', `The certificate signing request is invalid: ${detail}.`);

export async function parseCsr(bytes: Buffer): Promise<x509.Pkcs10CertificateRequest> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    const text = bytes.toString('utf8');
    csr = new x509.Pkcs10CertificateRequest(text.includes('-----BEGIN') ? text : bytes);
  } catch {
    throw malformed('it could not be parsed');
  }
  let verified: boolean;
  try {
    verified = await csr.verify();
  } catch {
    verified = false;
  }
  if (!verified) throw malformed('its signature does not verify');
  if (isEmptyName(csr.subjectName) && !subjectAlternativeNamesOf(csr)) {
    throw malformed('it has neither a subject name nor a subject alternative name');
  }
  return csr;
}

const SUBJECT_ALT_NAME_OID = '2.5.29.17';

/** The CSR's requested subject alternative names extension, copied as is into end-entity certificates. */
export function subjectAlternativeNamesOf(csr: x509.Pkcs10CertificateRequest): x509.Extension | undefined {
  return csr.extensions.find((extension) => extension.type === SUBJECT_ALT_NAME_OID);
}
