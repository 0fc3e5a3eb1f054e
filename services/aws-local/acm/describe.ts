/** The CertificateDetail and CertificateSummary structures ACM answers for a private certificate. */
import { createHash } from 'node:crypto';
import { colonSerial, describedKeyAlgorithm, viewAt } from './certificates.ts';
import { renewalEligibility } from './eligibility.ts';
import type { AcmCertificate } from './state.ts';

/** What the EndEntityCertificate/V1 template puts in every ACM private certificate. */
export const KEY_USAGES = ['DIGITAL_SIGNATURE', 'KEY_ENCIPHERMENT'];
export const EXTENDED_KEY_USAGES = [
  { Name: 'TLS_WEB_SERVER_AUTHENTICATION', OID: '1.3.6.1.5.5.7.3.1' },
  { Name: 'TLS_WEB_CLIENT_AUTHENTICATION', OID: '1.3.6.1.5.5.7.3.2' },
];
/** Public certificates carry serverAuth only (ACM dropped clientAuth from public certificates in 2025). */
const PUBLIC_EXTENDED_KEY_USAGES = EXTENDED_KEY_USAGES.slice(0, 1);

export const certificateType = (certificate: AcmCertificate) => certificate.type ?? 'PRIVATE';

export function extendedKeyUsagesOf(certificate: AcmCertificate) {
  return certificateType(certificate) === 'AMAZON_ISSUED' ? PUBLIC_EXTENDED_KEY_USAGES : EXTENDED_KEY_USAGES;
}

/** A public certificate's DNS validation record (a stable CNAME per name), SUCCESS once it is issued. */
function domainValidation(certificate: AcmCertificate, status: string) {
  return certificate.subjectAlternativeNames.map((name) => {
    if (certificateType(certificate) === 'PRIVATE') return { DomainName: name };
    const token = createHash('sha256').update(`${certificate.arn}|${name}`).digest('hex');
    return {
      DomainName: name,
      ValidationDomain: name,
      ValidationMethod: 'DNS',
      ValidationStatus: status === 'PENDING_VALIDATION' ? 'PENDING_VALIDATION' : 'SUCCESS',
      ResourceRecord: {
        Name: `_${token.slice(0, 32)}.${name}.`,
        Type: 'CNAME',
        Value: `_${token.slice(32, 64)}.acm-validations.aws.`,
      },
    };
  });
}

export function describeCertificate(certificate: AcmCertificate, nowMs: number) {
  const view = viewAt(certificate, nowMs);
  const version = view.version;
  const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
  return {
    CertificateArn: certificate.arn,
    DomainName: certificate.domainName,
    SubjectAlternativeNames: certificate.subjectAlternativeNames,
    DomainValidationOptions: domainValidation(certificate, view.status),
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
    Type: certificateType(certificate),
    RenewalSummary: view.renewalSummary && {
      ...view.renewalSummary,
      DomainValidationOptions: certificate.subjectAlternativeNames.map((name) => ({ DomainName: name })),
    },
    KeyUsages: version ? KEY_USAGES.map((Name) => ({ Name })) : undefined,
    ExtendedKeyUsages: version ? extendedKeyUsagesOf(certificate) : undefined,
    CertificateAuthorityArn: certificate.certificateAuthorityArn || undefined,
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
    Type: certificateType(certificate),
    KeyAlgorithm: certificate.keyAlgorithm,
    KeyUsages: version ? KEY_USAGES : undefined,
    ExtendedKeyUsages: version ? extendedKeyUsagesOf(certificate).map((e) => e.Name) : undefined,
    ExportOption: certificate.options?.Export === 'ENABLED' ? 'ENABLED' : undefined,
    InUse: false,
    Exported: certificate.exportedAt !== undefined,
    RenewalEligibility: renewalEligibility(certificate, nowMs),
    NotBefore: date(version?.notBefore),
    NotAfter: date(version?.notAfter),
    CreatedAt: date(certificate.createdAt),
    IssuedAt: date(version?.issuedAt),
  };
}
