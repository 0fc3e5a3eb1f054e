import { DescribeCertificateCommand, type ACMClient, type CertificateDetail } from '@aws-sdk/client-acm';
import { PcaMtlsError } from '../errors.ts';
import { pollUntil } from '../poll-until.ts';

const DEFAULT_WAIT_MS = 120_000;

/** ACM gave up on a certificate (status FAILED, VALIDATION_TIMED_OUT, REVOKED …). */
export class CertificateNotIssuedError extends PcaMtlsError {
  override name = 'CertificateNotIssuedError';
  constructor(certificateArn: string, status: string, reason?: string) {
    super(
      'CERTIFICATE_NOT_ISSUED',
      `ACM certificate ${certificateArn} is ${status}${reason ? ` (${reason})` : ''}; request a new one`,
    );
  }
}

/**
 * Waits until ACM reports the certificate ISSUED. Tolerates the
 * ResourceNotFoundException ACM answers for a few seconds after the request.
 */
export async function waitUntilIssued(
  acm: ACMClient,
  certificateArn: string,
  options: { timeoutMs?: number } = {},
): Promise<CertificateDetail> {
  return pollUntil(
    async () => {
      let detail: CertificateDetail | undefined;
      try {
        detail = (await acm.send(new DescribeCertificateCommand({ CertificateArn: certificateArn }))).Certificate;
      } catch (err) {
        if ((err as Error).name === 'ResourceNotFoundException') return undefined;
        throw err;
      }
      if (!detail || detail.Status === 'PENDING_VALIDATION') return undefined;
      if (detail.Status !== 'ISSUED')
        throw new CertificateNotIssuedError(certificateArn, detail.Status ?? 'UNKNOWN', detail.FailureReason);
      return detail;
    },
    { what: `ACM certificate ${certificateArn} to be ISSUED`, timeoutMs: options.timeoutMs ?? DEFAULT_WAIT_MS },
  );
}
