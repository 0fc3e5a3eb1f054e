/**
 * What ACM keeps per region; plain JSON (timestamps are epoch ms), persisted
 * in the state file (mode 0600), the certificates' private keys included.
 */
export interface Tag {
  Key: string;
  Value?: string;
}

/** One signed certificate with its key: the first issuance, or a renewal. */
export interface CertificateVersion {
  certificatePem: string;
  /** The issuing chain, without the leaf (as ExportCertificate returns it). */
  chainPem: string;
  /** PKCS#8 PEM, unencrypted; encrypted with the caller's passphrase only on export. */
  privateKeyPem: string;
  /** Lowercase hex, no separators. */
  serial: string;
  notBefore: number;
  notAfter: number;
  /** When this version became the certificate (ISSUED, or the renewal took effect). */
  issuedAt: number;
  issuerName: string;
}

/** A signing attempt that completes at `readyAt`: a version, or a failure reason. */
export interface PendingOutcome {
  requestedAt: number;
  readyAt: number;
  version?: CertificateVersion;
  failureReason?: string;
  /**
   * False until the scheduler has published the outcome's event at `readyAt`
   * (ACM Certificate Available, or Renewal Action Required for a failed
   * renewal). Absent on records from before events were emitted: never announced.
   */
  announced?: boolean;
  /** What the outcome's event reports as `detail.Action` (a promoted renewal keeps RENEWAL). */
  action?: 'ISSUANCE' | 'RENEWAL';
  /**
   * For a managed renewal, the attempt's mark in days before expiry (60, 45, …);
   * absent for RenewCertificate. Only failures at the retry marks publish Renewal Action Required.
   */
  managedAttemptDays?: number;
}

/**
 * What the scheduler has done for the certificate's current version (by
 * serial; a new version starts afresh), so a restart or a second tick never
 * repeats it.
 */
export interface CertificateLifecycle {
  serial: string;
  /** How many of the managed renewal attempt days (acm/lifecycle.ts) are behind us, attempted or skipped. */
  renewalMarks: number;
  /** DaysToExpiry of the last Approaching Expiration day behind us (sent or skipped). */
  expiryNoticeDay?: number;
  expiredAnnounced?: boolean;
}

export interface AcmCertificate {
  arn: string;
  /** AMAZON_ISSUED for public certificates from the emulated Amazon CA; absent (older state) means PRIVATE. */
  type?: 'PRIVATE' | 'AMAZON_ISSUED';
  domainName: string;
  subjectAlternativeNames: string[];
  keyAlgorithm: string;
  certificateAuthorityArn: string;
  signatureAlgorithm: string;
  createdAt: number;
  /** DescribeCertificate answers ResourceNotFoundException before this instant. */
  visibleAt: number;
  options?: Record<string, unknown>;
  tags: Tag[];
  issuance: PendingOutcome;
  renewal?: PendingOutcome;
  exportedAt?: number;
  lifecycle?: CertificateLifecycle;
}

export interface AcmState {
  certificates: Record<string, AcmCertificate>;
  /** RequestCertificate idempotency: token → certificate, for one hour, same arguments only. */
  requestTokens: Record<string, { arn: string; fingerprint: string; expiresAt: number }>;
  accountConfiguration: { daysBeforeExpiry: number };
  configurationTokens: Record<string, { fingerprint: string; expiresAt: number }>;
  /** The emulated Amazon public CA (acm/public-ca.ts), once a public certificate was requested. */
  publicCa?: PublicCa;
}

export function initialAcmState(): AcmState {
  return {
    certificates: {},
    requestTokens: {},
    accountConfiguration: { daysBeforeExpiry: 45 },
    configurationTokens: {},
  };
}

/** The emulated Amazon public CA's PEMs and signing key (acm/public-ca.ts), persisted with the state. */
export interface PublicCa {
  rootPem: string;
  intermediatePem: string;
  intermediateKeyPem: string;
}
