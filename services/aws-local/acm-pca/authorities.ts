/**
 * Finding a CA by ARN, and the status transitions that happen with time
 * (computed from stored timestamps when read, never by a timer).
 */
import { AwsError } from '../core/aws-error.ts';
import type { AcmPcaState, CaStatus, CertificateAuthorityRecord } from './state.ts';

const CA_ARN = /^arn:aws[a-z-]*:acm-pca:([a-z0-9-]+):(\d{12}):certificate-authority\/([0-9a-f-]{36})$/;

export function parseAuthorityArn(arn: string): { region: string; account: string; id: string } | undefined {
  const [, region, account, id] = CA_ARN.exec(arn) ?? [];
  return region !== undefined && account !== undefined && id !== undefined ? { region, account, id } : undefined;
}

/** The status a CA has at `nowMs`: an ACTIVE CA whose certificate ran out is EXPIRED. */
export function effectiveStatus(ca: CertificateAuthorityRecord, nowMs: number): CaStatus {
  if ((ca.status === 'ACTIVE' || ca.status === 'DISABLED') && ca.notAfter !== undefined && nowMs >= ca.notAfter) {
    return 'EXPIRED';
  }
  return ca.status;
}

/** A DELETED CA is gone for good once its restoration period has passed. */
export function isPermanentlyDeleted(ca: CertificateAuthorityRecord, nowMs: number): boolean {
  return ca.status === 'DELETED' && ca.restorableUntil !== undefined && nowMs >= ca.restorableUntil;
}

export function findAuthority(state: AcmPcaState, arn: string, nowMs: number): CertificateAuthorityRecord | undefined {
  const ca = state.authorities[arn];
  if (!ca || isPermanentlyDeleted(ca, nowMs)) return undefined;
  return ca;
}

/** Looks a CA up for an operation: InvalidArnException, then ResourceNotFoundException. */
export function requireAuthority(state: AcmPcaState, arn: string, nowMs: number): CertificateAuthorityRecord {
  if (!parseAuthorityArn(arn))
    throw new AwsError('InvalidArnException', `The ARN ${arn} is not a valid certificate authority ARN.`);
  const ca = findAuthority(state, arn, nowMs);
  if (!ca) throw new AwsError('ResourceNotFoundException', `Could not find certificate authority ${arn}.`);
  return ca;
}

/** Throws InvalidStateException unless the CA is in one of `allowed` (its effective status). */
export function requireStatus(ca: CertificateAuthorityRecord, nowMs: number, allowed: readonly CaStatus[]): CaStatus {
  const status = effectiveStatus(ca, nowMs);
  if (!allowed.includes(status)) {
    throw new AwsError(
      'InvalidStateException',
      `The certificate authority ${ca.arn} is in the ${status} state and cannot perform this action.`,
    );
  }
  return status;
}

export function setStatus(ca: CertificateAuthorityRecord, status: CaStatus, nowMs: number): void {
  if (ca.status === status) return;
  ca.status = status;
  ca.lastStateChangeAt = nowMs;
}
