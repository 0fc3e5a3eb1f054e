import { AwsCallError } from '../aws/aws-call-error.ts';
import { PcaMtlsError } from '../errors.ts';
import type { SweepReport } from './sweep.ts';

/** A secret version this invocation wrote. */
export interface WrittenVersion {
  identity: string;
  secretArn: string;
  versionId: string;
  serial: string;
}

/** An ECS service this invocation redeployed (forceNewDeployment), with the new PRIMARY deployment. */
export interface RolledService {
  identity: string;
  /** `cluster/service` */
  service: string;
  deploymentId?: string;
}

export interface RenewalFailure {
  identity?: string;
  service?: string;
  certificateArn?: string;
  /** A stable code: AwsCallError / ExportError / PkiError codes, ACM_RENEWAL_FAILED, CERTIFICATE_EXPIRED, … */
  code: string;
  /** What went wrong and what to do; never secret material. */
  reason: string;
  /** True when trying again later may succeed (throttling, timeouts, 5xx): the invocation then fails so EventBridge retries. */
  retryable: boolean;
}

/** What one invocation did: returned by the handler and logged as one line. */
export interface RenewalSummary {
  /** The event's detail-type, `Scheduled Event` for the sweep, or `sweep` for a direct invoke. */
  trigger: string;
  certificateArn?: string;
  identitiesChecked: string[];
  /** Identities for which a new certificate was requested (RenewCertificate, or a re-issue from Private CA). */
  renewalsRequested: string[];
  versionsWritten: WrittenVersion[];
  servicesRolled: RolledService[];
  failures: RenewalFailure[];
  /**
   * Identities whose ACM certificate was INELIGIBLE for managed renewal when looked at (renewed and not
   * exported since: ACM would let it expire). The reason is in `notes`; a re-export in this run fixes it.
   */
  renewalIneligible: string[];
  /** Things that were fine but worth saying (an unknown certificate ignored, a roll another invocation owns). */
  notes: string[];
  /** The sweep's coverage (sweeps only): identities listed, due, reconciled, and where an unfinished one stopped. */
  sweep?: SweepReport;
}

export function emptySummary(trigger: string, certificateArn?: string): RenewalSummary {
  return {
    trigger,
    certificateArn,
    identitiesChecked: [],
    renewalsRequested: [],
    versionsWritten: [],
    servicesRolled: [],
    failures: [],
    renewalIneligible: [],
    notes: [],
  };
}

const RETRYABLE_CODES = new Set(['AWS_THROTTLED', 'AWS_TIMEOUT', 'AWS_UNREACHABLE', 'WAIT_TIMEOUT']);
const SERVER_ERROR =
  /^(InternalServiceError|InternalServiceErrorException|InternalFailure|InternalException|ServerException|ServiceUnavailable|ServiceUnavailableException|InternalError)$/;

/**
 * A failure record for an error. Only pca-mtls's own errors (which never
 * carry secret material) contribute their message; anything else is named
 * by its class only, since its message could quote a secret value.
 */
export function failureOf(
  err: unknown,
  where: Pick<RenewalFailure, 'identity' | 'service' | 'certificateArn'>,
): RenewalFailure {
  if (err instanceof PcaMtlsError) {
    const retryable =
      RETRYABLE_CODES.has(err.code) ||
      (err instanceof AwsCallError && err.code === 'AWS_ERROR' && SERVER_ERROR.test(err.awsErrorName ?? ''));
    return { ...where, code: err.code, reason: err.message, retryable };
  }
  const name = (err as { name?: string })?.name ?? 'Error';
  return {
    ...where,
    code: 'UNEXPECTED',
    reason: `unexpected ${name} (a pca-mtls bug: please report it with the function's log)`,
    retryable: false,
  };
}

/** The summary as one log object: counts first, then the details. */
export function summaryLogFields(summary: RenewalSummary) {
  return {
    trigger: summary.trigger,
    certificateArn: summary.certificateArn,
    identities: summary.identitiesChecked.length,
    renewed: summary.versionsWritten.map((v) => v.identity),
    versionsWritten: summary.versionsWritten.length,
    servicesRolled: summary.servicesRolled.map((s) => s.service),
    failures: summary.failures,
    renewalIneligible: summary.renewalIneligible.length > 0 ? summary.renewalIneligible : undefined,
    notes: summary.notes.length > 0 ? summary.notes : undefined,
    sweep: summary.sweep,
  };
}
