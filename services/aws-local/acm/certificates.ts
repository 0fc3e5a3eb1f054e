/**
 * Finding an ACM certificate, and what it looks like at a given instant:
 * issuance and renewal complete at stored timestamps, read against the clock.
 */
import { AwsError } from '../core/aws-error.ts';
import type { AcmCertificate, AcmState, CertificateVersion } from './state.ts';

const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;

export function requireCertificate(state: AcmState, arn: string): AcmCertificate {
  if (!CERTIFICATE_ARN.test(arn))
    throw new AwsError('InvalidArnException', `The ARN ${arn} is not a valid certificate ARN.`);
  const certificate = state.certificates[arn];
  if (!certificate) throw new AwsError('ResourceNotFoundException', `Could not find certificate ${arn}.`);
  return certificate;
}

export type CertificateStatus = 'PENDING_VALIDATION' | 'ISSUED' | 'EXPIRED' | 'FAILED';

export interface CertificateView {
  status: CertificateStatus;
  version?: CertificateVersion;
  failureReason?: string;
  renewalSummary?: { RenewalStatus: string; RenewalStatusReason?: string; UpdatedAt: Date };
}

export function viewAt(certificate: AcmCertificate, nowMs: number): CertificateView {
  const { issuance, renewal } = certificate;
  if (nowMs < issuance.readyAt) return { status: 'PENDING_VALIDATION' };
  if (!issuance.version) return { status: 'FAILED', failureReason: issuance.failureReason };
  let version = issuance.version;
  let renewalSummary: CertificateView['renewalSummary'];
  if (renewal) {
    if (nowMs < renewal.readyAt) {
      renewalSummary = { RenewalStatus: 'PENDING_AUTO_RENEWAL', UpdatedAt: new Date(renewal.requestedAt) };
    } else if (renewal.version) {
      version = renewal.version;
      renewalSummary = { RenewalStatus: 'SUCCESS', UpdatedAt: new Date(renewal.readyAt) };
    } else {
      renewalSummary = {
        RenewalStatus: 'FAILED',
        RenewalStatusReason: renewal.failureReason,
        UpdatedAt: new Date(renewal.readyAt),
      };
    }
  }
  return { status: nowMs >= version.notAfter ? 'EXPIRED' : 'ISSUED', version, renewalSummary };
}

/** Answers like ACM when the certificate has nothing to hand out yet (or never will). */
export function requireVersion(certificate: AcmCertificate, nowMs: number): CertificateVersion {
  const view = viewAt(certificate, nowMs);
  if (view.status === 'PENDING_VALIDATION') {
    throw new AwsError('RequestInProgressException', `Certificate ${certificate.arn} is still pending issuance.`);
  }
  if (!view.version) {
    throw new AwsError(
      'ValidationException',
      `Certificate ${certificate.arn} has status ${view.status} and cannot be retrieved.`,
    );
  }
  return view.version;
}

/** "aa:bb:cc" as DescribeCertificate spells a serial. */
export function colonSerial(serial: string): string {
  const even = serial.length % 2 ? `0${serial}` : serial;
  return even.match(/../g)!.join(':');
}

/** DescribeCertificate writes key algorithms with a hyphen (RSA-2048), ListCertificates with an underscore. */
export function describedKeyAlgorithm(keyAlgorithm: string): string {
  return keyAlgorithm.replace('_', '-');
}
