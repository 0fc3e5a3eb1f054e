/**
 * What AWS Private CA keeps per region; plain JSON (timestamps are epoch ms),
 * persisted in the state file (mode 0600), CA private keys included.
 */
export type CaType = 'ROOT' | 'SUBORDINATE';
export type CaStatus = 'CREATING' | 'PENDING_CERTIFICATE' | 'ACTIVE' | 'DELETED' | 'DISABLED' | 'EXPIRED' | 'FAILED';
export type UsageMode = 'GENERAL_PURPOSE' | 'SHORT_LIVED_CERTIFICATE';
export type KeyAlgorithm = 'RSA_2048' | 'RSA_4096' | 'EC_prime256v1' | 'EC_secp384r1';
export type SigningAlgorithm =
  'SHA256WITHECDSA' | 'SHA384WITHECDSA' | 'SHA512WITHECDSA' | 'SHA256WITHRSA' | 'SHA384WITHRSA' | 'SHA512WITHRSA';

export interface Tag {
  Key: string;
  Value?: string;
}

/** AWS's ASN1Subject as given in the CA configuration (kept verbatim for Describe). */
export type Asn1Subject = Record<string, unknown>;

export interface CaConfiguration {
  KeyAlgorithm: KeyAlgorithm;
  SigningAlgorithm: SigningAlgorithm;
  Subject: Asn1Subject;
  CsrExtensions?: Record<string, unknown>;
}

export interface Permission {
  principal: string;
  sourceAccount?: string;
  actions: string[];
  createdAt: number;
}

export interface IssuedCertificate {
  serial: string;
  arn: string;
  pem: string;
  /** PEM of the chain above the leaf; absent for a root CA's self-issued certificate. */
  chainPem?: string;
  issuedAt: number;
  /** GetCertificate answers RequestInProgressException before this instant. */
  readyAt: number;
  notAfter: number;
  template: string;
  revokedAt?: number;
  revocationReason?: string;
}

export interface CertificateAuthorityRecord {
  arn: string;
  type: CaType;
  status: CaStatus;
  usageMode: UsageMode;
  keyStorageSecurityStandard: string;
  configuration: CaConfiguration;
  revocationConfiguration?: Record<string, unknown>;
  createdAt: number;
  lastStateChangeAt: number;
  /** PKCS#8 PEM of the CA key; never leaves the emulator. */
  privateKeyPem: string;
  csrPem: string;
  certificatePem?: string;
  /** The chain above the CA certificate, as imported (root last). */
  certificateChainPem?: string;
  serial?: string;
  notBefore?: number;
  notAfter?: number;
  restorableUntil?: number;
  statusBeforeDeletion?: CaStatus;
  tags: Tag[];
  permissions: Permission[];
  /** Issued certificates by lowercase hex serial. */
  certificates: Record<string, IssuedCertificate>;
  /** IssueCertificate idempotency tokens (valid one minute). */
  issueTokens: Record<string, { certificateArn: string; expiresAt: number }>;
}

export interface AcmPcaState {
  authorities: Record<string, CertificateAuthorityRecord>;
  /** CreateCertificateAuthority idempotency tokens (valid five minutes). */
  createTokens: Record<string, { arn: string; expiresAt: number }>;
}

export function initialAcmPcaState(): AcmPcaState {
  return { authorities: {}, createTokens: {} };
}
