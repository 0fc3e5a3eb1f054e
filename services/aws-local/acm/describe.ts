/** The CertificateDetail and CertificateSummary structures ACM answers for a private certificate. */
import { colonSerial, describedKeyAlgorithm, viewAt } from './certificates.js';
import { renewalEligibility } from './eligibility.js';
import type { AcmCertificate } from './state.js';

/** What the EndEntityCertificate/V1 template puts in every ACM private certificate. */
export const KEY_USAGES = ['DIGITAL_SIGNATURE', 'KEY_ENCIPHERMENT'];
export const EXTENDED_KEY_USAGES = [
  { Name: 'TLS_WEB_SERVER_AUTHENTICATION', OID: '1.3.6.1.5.5.7.3.1' },
  { Name: 'TLS_WEB_CLIENT_AUTHENTICATION', OID: '1.3.6.1.5.5.7.3.2' },
];

export function describeCertificate(certificate: AcmCertificate, nowMs: number) {
  const view = viewAt(certificate, nowMs);
  const version = view.version;
  const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
  return {
    CertificateArn: certificate.arn,
    DomainName: certificate.domainName,
    SubjectAlternativeNames: certificate.subjectAlternativeNames,
    DomainValidationOptions: certificate.subjectAlternativeNames.map((name) => ({ DomainName: name })),
    Serial: version ? colonSerial(version.serial) : undefined,
    Subject: version ? (certificate.domainName.length <= 64 ? `CN=${certificate.domainName}` : '') : undefined,
    Issuer: version?.issuerName,
    CreatedAt: date(certificate.createdAt),
    IssuedAt: date(version?.issuedAt),
    Status: view.status,
    NotBefore: date(version?.notBefore),
    NotAfter: date(version?.notAfter),
    KeyAlgorithm: describedKeyAlgorithm(certificate.keyAlgorithm),
    SignatureAlgorithm: certificate.signatureAlgorithm || undefined,
    InUseBy: [],
    FailureReason: view.failureReason,
    Type: 'PRIVATE',
    RenewalSummary: view.renewalSummary && {
      ...view.renewalSummary,
      DomainValidationOptions: certificate.subjectAlternativeNames.map((name) => ({ DomainName: name })),
    },
    KeyUsages: version ? KEY_USAGES.map((Name) => ({ Name })) : undefined,
    ExtendedKeyUsages: version ? EXTENDED_KEY_USAGES : undefined,
    CertificateAuthorityArn: certificate.certificateAuthorityArn,
    RenewalEligibility: renewalEligibility(certificate, nowMs),
    Options: { CertificateTransparencyLoggingPreference: 'ENABLED', ...certificate.options },
  };
}

export function summarizeCertificate(certificate: AcmCertificate, nowMs: number) {
  const view = viewAt(certificate, nowMs);
  const version = view.version;
  const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
  return {
    CertificateArn: certificate.arn,
    DomainName: certificate.domainName,
    SubjectAlternativeNameSummaries: certificate.subjectAlternativeNames,
    HasAdditionalSubjectAlternativeNames: false,
    Status: view.status,
    Type: 'PRIVATE',
    KeyAlgorithm: certificate.keyAlgorithm,
    KeyUsages: version ? KEY_USAGES : undefined,
    ExtendedKeyUsages: version ? EXTENDED_KEY_USAGES.map((e) => e.Name) : undefined,
    InUse: false,
    Exported: certificate.exportedAt !== undefined,
    RenewalEligibility: renewalEligibility(certificate, nowMs),
    NotBefore: date(version?.notBefore),
    NotAfter: date(version?.notAfter),
    CreatedAt: date(certificate.createdAt),
    IssuedAt: date(version?.issuedAt),
  };
}
