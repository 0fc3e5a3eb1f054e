import type { Logger } from '../logger.ts';
import { adviceFor } from './acm-renewal.ts';
import { mapWithConcurrency } from './bounded-concurrency.ts';
import { listBoundIdentities, type BoundIdentity } from './bound-identities.ts';
import { DEFAULT_RENEWAL_OPTIONS, type RenewalOptions } from './renewal-options.ts';
import { classifyRenewalEvent, type RenewalTrigger } from './renewal-event.ts';
import { logErrorMetric } from './renewal-metrics.ts';
import { emptySummary, failureOf, type RenewalSummary } from './renewal-summary.ts';
import { reconcileIdentity, type RenewalClients, type RenewalContext } from './renew-identity.ts';
import { runSweep } from './sweep.ts';

export interface RenewalDependencies {
  clients: RenewalClients;
  logger: Logger;
  options?: RenewalOptions;
  /** The clock for renewal decisions and certificate checks (aws-local's clock when run against it). */
  now?: () => Date;
  /** Never wait past this (epoch ms); the Lambda passes its own deadline less a margin. */
  deadline?: number;
  /** Awaited before each ExportCertificate (see RatePacer). */
  beforeExport?: () => Promise<void>;
}

/**
 * Step 4 of the flow: what the renew function does with one invocation.
 * - `ACM Certificate Available` (RENEWAL): re-export each bound identity;
 * - `ACM Certificate Approaching Expiration`: renew first if ACM has not, then re-export;
 * - `ACM Certificate Renewal Action Required` / `Expired`: an error line with the
 *   reason and a metric per bound identity; nothing to retry;
 * - the scheduled sweep: reconcile every pca-mtls identity (lost events, `pca` re-issues
 *   at 2/3 of the lifetime, unrenewed certificates inside the threshold, pending rolls).
 * Certificates no secret is bound to are ignored with one info line.
 *
 * @example
 * const summary = await renewCertificates({ clients, logger }, event);
 * summary.versionsWritten // [{ identity: 'colorteller', versionId, serial, secretArn }]
 */
export async function renewCertificates(deps: RenewalDependencies, event: unknown): Promise<RenewalSummary> {
  const trigger = classifyRenewalEvent(event);
  const ctx: RenewalContext = {
    clients: deps.clients,
    logger: deps.logger,
    options: deps.options ?? DEFAULT_RENEWAL_OPTIONS,
    now: deps.now ?? (() => new Date()),
    deadline: deps.deadline,
    beforeExport: deps.beforeExport,
  };
  const summary = emptySummary(
    triggerName(trigger, event),
    'certificateArn' in trigger ? trigger.certificateArn : undefined,
  );
  try {
    await carryOut(ctx, trigger, summary);
  } catch (err) {
    // Listing the bound secrets failed: nothing was looked at.
    summary.failures.push(failureOf(err, { certificateArn: summary.certificateArn }));
  }
  return summary;
}

async function carryOut(ctx: RenewalContext, trigger: RenewalTrigger, summary: RenewalSummary): Promise<void> {
  if (trigger.kind === 'sweep') {
    summary.sweep = await runSweep(ctx, summary);
    return;
  }
  if (trigger.kind === 'unrecognized' || (trigger.kind === 'certificate-available' && trigger.action !== 'RENEWAL')) {
    ignore(ctx.logger, trigger, summary);
    return;
  }
  const bound = await listBoundIdentities(ctx.clients.secrets, { certificateArn: trigger.certificateArn });
  if (bound.length === 0) {
    summary.notes.push(`no pca-mtls secret is bound to ${trigger.certificateArn}`);
    ctx.logger.info(
      { certificateArn: trigger.certificateArn, detailType: summary.trigger },
      'certificate not bound to any pca-mtls identity; ignored',
    );
    return;
  }
  if (trigger.kind === 'action-required' || trigger.kind === 'expired') {
    for (const identity of bound) reportUnrenewable(ctx.logger, trigger, identity, summary);
    return;
  }
  const reconcileTrigger =
    trigger.kind === 'approaching-expiration'
      ? { kind: 'approaching-expiration' as const, daysToExpiry: trigger.daysToExpiry }
      : { kind: 'certificate-available' as const };
  await mapWithConcurrency(bound, ctx.options.identityConcurrency, (identity) =>
    reconcileIdentity(ctx, identity, reconcileTrigger, summary),
  );
}

/** An event the function does not act on: an unrecognized one is an error (the rule is wrong), an issuance a note. */
function ignore(
  log: Logger,
  trigger: Extract<RenewalTrigger, { kind: 'unrecognized' | 'certificate-available' }>,
  summary: RenewalSummary,
): void {
  if (trigger.kind === 'unrecognized') {
    summary.failures.push({
      code: 'UNRECOGNIZED_EVENT',
      reason: `the renew function does not handle this event (${trigger.description}); check the rule's event pattern`,
      retryable: false,
    });
    log.error({ event: trigger.description }, 'unrecognized event ignored');
    return;
  }
  summary.notes.push(`ACM Certificate Available with Action ${trigger.action} needs no renewal`);
  log.info({ certificateArn: trigger.certificateArn, action: trigger.action }, 'not a renewal; ignored');
}

/** ACM cannot renew (or let expire) a bound certificate: a failure that needs a person, with advice; no retry. */
function reportUnrenewable(
  log: Logger,
  trigger: Extract<RenewalTrigger, { kind: 'action-required' | 'expired' }>,
  identity: BoundIdentity,
  summary: RenewalSummary,
): void {
  summary.identitiesChecked.push(identity.identity);
  const reason = trigger.kind === 'expired' ? 'EXPIRED' : trigger.reason;
  const message =
    trigger.kind === 'expired'
      ? `the certificate of ${identity.identity} expired without a renewal; peers now reject it. Find the cause in earlier RenewalActionRequired lines, then export the identity again`
      : `ACM cannot renew the certificate of ${identity.identity}: ${reason}${trigger.daysToExpiry === undefined ? '' : ` (${trigger.daysToExpiry} days left)`}. ${adviceFor(reason)}`;
  summary.failures.push({
    identity: identity.identity,
    certificateArn: trigger.certificateArn,
    code: trigger.kind === 'expired' ? 'CERTIFICATE_EXPIRED' : 'ACM_RENEWAL_ACTION_REQUIRED',
    reason: message,
    retryable: false,
  });
  logErrorMetric(
    log,
    trigger.kind === 'expired' ? 'CertificateExpired' : 'RenewalActionRequired',
    { Identity: identity.identity, Reason: reason },
    { certificateArn: trigger.certificateArn, secretArn: identity.secretArn },
    message,
  );
}

function triggerName(trigger: RenewalTrigger, event: unknown): string {
  if (trigger.kind === 'sweep') return trigger.detailType;
  const detailType = (event as { 'detail-type'?: unknown } | null)?.['detail-type'];
  return typeof detailType === 'string' ? detailType : trigger.kind;
}
