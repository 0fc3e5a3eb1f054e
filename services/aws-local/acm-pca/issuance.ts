/**
 * The rules Private CA applies before it signs anything, and the signing and
 * filing that follow. IssueCertificate and ACM both go through here.
 */
import { AwsError } from '../core/aws-error.ts';
import { requireStatus } from './authorities.ts';
import { keyAlgorithmFamily, publicKeyDerOf, signingAlgorithmFamily } from './keys.ts';
import { recordIssued, signCertificate, authorityCertificate } from './signer.ts';
import type { CertificateAuthorityRecord, IssuedCertificate } from './state.ts';
import type { TemplateProfile } from './templates.ts';
import { x509 } from './x509.ts';

/** Short-lived certificate mode: at most seven days of validity. */
export const SHORT_LIVED_MAX_MS = 7 * 24 * 60 * 60 * 1000;

export interface IssueRequest {
  ca: CertificateAuthorityRecord;
  publicKey: x509.PublicKey;
  subject: x509.Name;
  subjectAlternativeNames?: x509.JsonGeneralNames | x509.Extension;
  template: TemplateProfile;
  signingAlgorithm: string;
  notBefore: Date;
  notAfter: Date;
  now: Date;
  /** How long GetCertificate answers RequestInProgressException (timing `pca.issue`). */
  readyDelayMs: number;
}

/** Throws the AwsError Private CA would answer; returns when the CA may sign this request. */
export function checkIssuable(request: IssueRequest): void {
  const { ca, template } = request;
  const nowMs = request.now.getTime();
  // A root CA is activated by issuing its own certificate while PENDING_CERTIFICATE.
  const selfActivation = template.selfIssued && ca.type === 'ROOT';
  requireStatus(ca, nowMs, selfActivation ? ['ACTIVE', 'PENDING_CERTIFICATE'] : ['ACTIVE']);

  if (template.selfIssued) {
    if (ca.type !== 'ROOT') {
      throw new AwsError('InvalidArgsException', 'The RootCACertificate/V1 template can only be used by a root CA.');
    }
    if (!Buffer.from(request.publicKey.rawData).equals(publicKeyDerOf(ca.privateKeyPem))) {
      throw new AwsError('InvalidArgsException', "The RootCACertificate/V1 template can only sign the CA's own CSR.");
    }
  }
  const caFamily = keyAlgorithmFamily(ca.configuration.KeyAlgorithm);
  if (signingAlgorithmFamily(request.signingAlgorithm) !== caFamily) {
    throw new AwsError(
      'InvalidArgsException',
      `The signing algorithm ${request.signingAlgorithm} is not compatible with the CA key algorithm ${ca.configuration.KeyAlgorithm}.`,
    );
  }
  if (request.notAfter.getTime() <= nowMs || request.notAfter.getTime() <= request.notBefore.getTime()) {
    throw new AwsError(
      'InvalidArgsException',
      'The certificate validity period must end after the certificate is issued.',
    );
  }
  if (template.selfIssued) return; // Private CA does not check the validity of root CA certificates.

  if (ca.notAfter !== undefined && request.notAfter.getTime() > ca.notAfter) {
    throw new AwsError(
      'ValidationException',
      `The validity period of the requested certificate ends after the CA certificate (${new Date(ca.notAfter).toISOString()}).`,
    );
  }
  if (ca.usageMode === 'SHORT_LIVED_CERTIFICATE' && request.notAfter.getTime() - nowMs > SHORT_LIVED_MAX_MS) {
    throw new AwsError(
      'ValidationException',
      'A CA in SHORT_LIVED_CERTIFICATE mode issues certificates valid for at most 7 days.',
    );
  }
  if (template.isCa) {
    const constraints = authorityCertificate(ca)?.getExtension(x509.BasicConstraintsExtension);
    if (constraints?.pathLength !== undefined && (template.pathLength ?? Infinity) >= constraints.pathLength) {
      throw new AwsError(
        'InvalidArgsException',
        `The template ${template.name} exceeds the path length ${constraints.pathLength} of the issuing CA.`,
      );
    }
  }
}

/** Checks, signs and files a certificate under its CA; returns the filed record. */
export async function issue(request: IssueRequest): Promise<IssuedCertificate> {
  checkIssuable(request);
  const signed = await signCertificate(request);
  const issuedAt = request.now.getTime();
  return recordIssued(request.ca, signed, {
    issuedAt,
    readyAt: issuedAt + request.readyDelayMs,
    template: request.template.name,
  });
}
