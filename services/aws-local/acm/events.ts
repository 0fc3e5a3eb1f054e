/**
 * The EventBridge events ACM emits for private certificates, in the shapes
 * the ACM User Guide documents ("Amazon EventBridge support for ACM"):
 * `source: aws.acm`, the certificate ARN in `resources[0]`.
 */
import { eventTime, publishEvent } from '../events/bus.ts';
import type { EmulatorEnv } from '../protocol/service.ts';
import type { AcmCertificate, CertificateVersion } from './state.ts';

const DAY_MS = 86_400_000;
const iso = (ms: number) => eventTime(new Date(ms));

export type AcmDetailType =
  | 'ACM Certificate Available'
  | 'ACM Certificate Approaching Expiration'
  | 'ACM Certificate Expired'
  | 'ACM Certificate Renewal Action Required';

/** Whole days left, rounded up as ACM counts them (a renewal at 60 days says 60). */
export function daysToExpiry(version: CertificateVersion, atMs: number): number {
  return Math.ceil((version.notAfter - atMs) / DAY_MS);
}

function common(certificate: AcmCertificate) {
  return {
    CertificateType: certificate.type ?? 'PRIVATE',
    CommonName: certificate.domainName,
    FirstSubjectAlternativeName: certificate.subjectAlternativeNames[0] ?? certificate.domainName,
  };
}

export function certificateAvailable(
  certificate: AcmCertificate,
  version: CertificateVersion,
  action: 'ISSUANCE' | 'RENEWAL',
  atMs: number,
) {
  return {
    Action: action,
    ...common(certificate),
    ValidityInDays: Math.round((version.notAfter - version.notBefore) / DAY_MS),
    CertificateKeyPairOrigin: 'AWS_MANAGED',
    CertificateCreatedDate: iso(certificate.createdAt),
    CertificateExpirationDate: iso(version.notAfter),
    DaysToExpiry: daysToExpiry(version, atMs),
    InUse: false,
    Exported: certificate.exportedAt !== undefined,
  };
}

export function renewalActionRequired(
  certificate: AcmCertificate,
  version: CertificateVersion,
  reason: string,
  atMs: number,
) {
  return {
    ...common(certificate),
    CertificateKeyPairOrigin: 'AWS_MANAGED',
    RenewalStatusReason: reason,
    DaysToExpiry: daysToExpiry(version, atMs),
    CertificateExpirationDate: iso(version.notAfter),
    InUse: false,
    Exported: certificate.exportedAt !== undefined,
  };
}

export function approachingExpiration(certificate: AcmCertificate, days: number) {
  return { DaysToExpiry: days, CommonName: certificate.domainName };
}

export function certificateExpired(certificate: AcmCertificate, version: CertificateVersion) {
  return {
    ...common(certificate),
    CertificateKeyPairOrigin: 'AWS_MANAGED',
    CertificateCreatedDate: iso(certificate.createdAt),
    CertificateExpirationDate: iso(version.notAfter),
    InUse: false,
    Exported: certificate.exportedAt !== undefined,
  };
}

export function emitAcmEvent(
  env: EmulatorEnv,
  region: string,
  certificate: AcmCertificate,
  detailType: AcmDetailType,
  detail: Record<string, unknown>,
  atMs: number,
): void {
  publishEvent(env, region, {
    source: 'aws.acm',
    detailType,
    detail,
    resources: [certificate.arn],
    time: new Date(atMs),
  });
}
