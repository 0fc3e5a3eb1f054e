/** The CertificateAuthority structure DescribeCertificateAuthority and ListCertificateAuthorities answer. */
import { effectiveStatus } from './authorities.ts';
import type { CertificateAuthorityRecord } from './state.ts';

const DEFAULT_REVOCATION = { CrlConfiguration: { Enabled: false }, OcspConfiguration: { Enabled: false } };

export function describeAuthority(ca: CertificateAuthorityRecord, accountId: string, nowMs: number) {
  const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
  return {
    Arn: ca.arn,
    OwnerAccount: accountId,
    CreatedAt: date(ca.createdAt),
    LastStateChangeAt: date(ca.lastStateChangeAt),
    Type: ca.type,
    Serial: ca.serial,
    Status: effectiveStatus(ca, nowMs),
    NotBefore: date(ca.notBefore),
    NotAfter: date(ca.notAfter),
    CertificateAuthorityConfiguration: ca.configuration,
    RevocationConfiguration: ca.revocationConfiguration ?? DEFAULT_REVOCATION,
    RestorableUntil: ca.status === 'DELETED' ? date(ca.restorableUntil) : undefined,
    KeyStorageSecurityStandard: ca.keyStorageSecurityStandard,
    UsageMode: ca.usageMode,
  };
}
