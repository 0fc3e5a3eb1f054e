import type { CertificateDetail } from '@aws-sdk/client-acm';
import type { DescribeSecretResponse } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from '../aws/clients.ts';
import type { Logger } from '../logger.ts';

export interface ExportResult {
  identity: string;
  secretArn: string;
  versionId: string;
  certificateArn?: string;
  caArn?: string;
  serial: string;
  notAfter: string;
  /** False when this certificate was already stored: nothing new was written. */
  created: boolean;
}

/** The clients an export uses: ACM, Private CA, Secrets Manager. */
export type ExportClients = Pick<AwsClients, 'acm' | 'pca' | 'secrets'>;

export interface ExportDependencies {
  clients: ExportClients;
  logger: Logger;
  now?: () => Date;
  /** Awaited right before ExportCertificate (a RatePacer's `take`): keeps a fleet of renewals under the quota. */
  beforeExport?: () => Promise<void>;
}

/**
 * What the caller already read moments ago, so the export does not ask again
 * (renewal lists secrets and describes the certificate before deciding).
 */
export interface KnownState {
  /** DescribeCertificate's answer for `request.certificateArn`. */
  certificate?: CertificateDetail;
  /** The secret as DescribeSecret (or a ListSecrets entry) showed it; `null`: absent. */
  secret?: DescribeSecretResponse | null;
}
