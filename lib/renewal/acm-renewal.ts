import {
  DescribeCertificateCommand,
  RenewCertificateCommand,
  type ACMClient,
  type CertificateDetail,
} from '@aws-sdk/client-acm';
import { DescribeCertificateAuthorityCommand, type ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { awsCall, AwsCallError } from '../aws/aws-call-error.ts';
import { pollUntil } from '../poll-until.ts';
import { normalizeSerial } from '../serial.ts';
import { RenewalError } from './errors.ts';

export async function describeCertificate(acm: ACMClient, certificateArn: string): Promise<CertificateDetail> {
  try {
    const detail = (
      await awsCall('acm:DescribeCertificate', () =>
        acm.send(new DescribeCertificateCommand({ CertificateArn: certificateArn })),
      )
    ).Certificate;
    if (detail) return detail;
  } catch (err) {
    if (!(err instanceof AwsCallError && err.code === 'AWS_NOT_FOUND')) throw err;
  }
  throw new RenewalError(
    'CERTIFICATE_NOT_FOUND',
    `ACM certificate ${certificateArn} no longer exists; export the identity again (pca-mtls issue) or remove the secret's pca-mtls tags`,
  );
}

/**
 * Asks ACM to renew now and waits (bounded) until the certificate carries a
 * serial other than `oldSerial`. RenewCertificate is asynchronous; a renewal
 * already in progress (another invocation's, or ACM's own) is waited for the
 * same way. A renewal ACM reports FAILED becomes a RenewalError naming ACM's
 * reason and, for Private CA reasons, the CA's state.
 */
export async function renewAndWait(
  clients: { acm: ACMClient; pca: ACMPCAClient },
  certificateArn: string,
  oldSerial: string,
  waitMs: number,
): Promise<CertificateDetail> {
  try {
    await awsCall('acm:RenewCertificate', () =>
      clients.acm.send(new RenewCertificateCommand({ CertificateArn: certificateArn })),
    );
  } catch (err) {
    await explainRefusal(clients.acm, certificateArn, oldSerial, err);
  }
  let failed: CertificateDetail | undefined;
  const renewed = await pollUntil(
    async () => {
      const detail = await describeCertificate(clients.acm, certificateArn);
      if (detail.Serial && normalizeSerial(detail.Serial) !== oldSerial) return detail;
      // An accepted RenewCertificate replaces the previous summary (PENDING_AUTO_RENEWAL until done), so a
      // FAILED seen now is this renewal's outcome, or that of the renewal already in progress. RenewalSummary is
      // documented for AMAZON_ISSUED certificates only: without it a failure shows as the bounded wait running
      // out (WAIT_TIMEOUT, retried later), never as a wrong success.
      if (detail.RenewalSummary?.RenewalStatus === 'FAILED') {
        failed = detail;
        return detail;
      }
      return undefined;
    },
    { what: `ACM to renew ${certificateArn} (a new serial)`, timeoutMs: waitMs, initialIntervalMs: 50 },
  );
  if (failed) throw await renewalFailure(clients.pca, failed);
  return renewed;
}

/** AWS errors that say nothing about the certificate: passed on as they are (the caller retries or reports them). */
const TRANSIENT_OR_ACCESS = new Set([
  'AWS_THROTTLED',
  'AWS_TIMEOUT',
  'AWS_UNREACHABLE',
  'AWS_ACCESS_DENIED',
  'AWS_NOT_FOUND',
]);

/**
 * Returns (so the caller waits for the new serial) when a renewal is under
 * way; throws otherwise. The ACM API reference documents only
 * ResourceNotFoundException and InvalidArnException for RenewCertificate, so
 * what it answers for a renewal in progress or an ineligible certificate is
 * not a contract: the decision rests on DescribeCertificate's documented
 * fields (RenewalSummary, RenewalEligibility, Serial), whatever the error's name.
 */
async function explainRefusal(acm: ACMClient, certificateArn: string, oldSerial: string, err: unknown): Promise<void> {
  if (!(err instanceof AwsCallError) || TRANSIENT_OR_ACCESS.has(err.code)) throw err;
  const detail = await describeCertificate(acm, certificateArn);
  const inProgress =
    detail.RenewalSummary?.RenewalStatus === 'PENDING_AUTO_RENEWAL' ||
    (detail.Serial !== undefined && normalizeSerial(detail.Serial) !== oldSerial);
  if (inProgress) return;
  if (detail.RenewalEligibility === 'INELIGIBLE') {
    throw new RenewalError(
      'ACM_RENEWAL_INELIGIBLE',
      `ACM will not renew ${certificateArn}: it is INELIGIBLE (not exported since it was issued or last renewed). ` +
        'Export it again (the reconcile sweep does when the serial changed, or pca-mtls export), then renew.',
      { cause: err },
    );
  }
  throw new RenewalError(
    'ACM_RENEWAL_REFUSED',
    `ACM refused to renew ${certificateArn} (${err.awsErrorName ?? err.code}): ${err.message}`,
    { cause: err },
  );
}

async function renewalFailure(pca: ACMPCAClient, detail: CertificateDetail): Promise<RenewalError> {
  const reason = detail.RenewalSummary?.RenewalStatusReason ?? 'OTHER';
  let caState = '';
  if (detail.CertificateAuthorityArn && reason.startsWith('PCA_')) {
    try {
      const ca = (
        await awsCall('acm-pca:DescribeCertificateAuthority', () =>
          pca.send(
            new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: detail.CertificateAuthorityArn }),
          ),
        )
      ).CertificateAuthority;
      caState = `; Private CA ${detail.CertificateAuthorityArn} is ${ca?.Status ?? 'unknown'}`;
    } catch (err) {
      caState = `; Private CA ${detail.CertificateAuthorityArn} could not be described (${(err as { code?: string }).code ?? 'error'})`;
    }
  }
  return new RenewalError(
    'ACM_RENEWAL_FAILED',
    `ACM could not renew ${detail.CertificateArn}: ${reason}${caState}. ${adviceFor(reason)}`,
  );
}

/** What an operator does about each of ACM's renewal failure reasons for private certificates. */
export function adviceFor(reason: string): string {
  switch (reason) {
    case 'PCA_INVALID_STATE':
      return 'Make the CA ACTIVE again (UpdateCertificateAuthority, or restore it); the next sweep renews.';
    case 'PCA_ACCESS_DENIED':
      return 'Grant acm.amazonaws.com IssueCertificate, GetCertificate and ListPermissions on the CA (acm-pca create-permission).';
    case 'PCA_RESOURCE_NOT_FOUND':
      return 'The CA is gone: issue the identity from another CA.';
    case 'PCA_INVALID_DURATION':
      return "The CA's own certificate ends too soon for a 395-day certificate: renew the CA certificate.";
    case 'PCA_LIMIT_EXCEEDED':
      return 'Private CA quota reached: ask for a higher quota or retry later.';
    default:
      return 'See the certificate in the ACM console and renew it there once the cause is fixed.';
  }
}
