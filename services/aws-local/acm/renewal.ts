/**
 * Starting a renewal of a private certificate: RenewCertificate and the
 * scheduler's managed renewal both come here. ACM signs a new key through
 * Private CA's own issuance rules, so a disabled CA or a missing permission
 * for acm.amazonaws.com fails the renewal with the reason ACM records.
 */
import { findAuthority, parseAuthorityArn } from '../acm-pca/authorities.ts';
import { ACM_PRINCIPAL, ACM_RENEWAL_ACTIONS } from '../acm-pca/permissions.ts';
import type { AcmPcaState } from '../acm-pca/state.ts';
import type { OperationContext } from '../protocol/service.ts';
import { signWithPrivateCa } from './private-ca-signing.ts';
import type { AcmCertificate } from './state.ts';

/**
 * Signs the renewal as of `ctx.now()`; it takes effect `acm.renew` later.
 * `managedAttemptDays` is the managed renewal mark (days before expiry) when ACM itself renews.
 */
export async function startRenewal(
  ctx: OperationContext<unknown>,
  certificate: AcmCertificate,
  managedAttemptDays?: number,
): Promise<void> {
  const nowMs = ctx.nowMs();
  // A finished successful renewal becomes the certificate before the next one starts.
  if (certificate.renewal?.version && certificate.renewal.readyAt <= nowMs)
    certificate.issuance = { ...certificate.renewal };
  const readyAt = nowMs + ctx.env.timings['acm.renew'];
  const outcome = hasRenewalPermission(ctx, certificate.certificateAuthorityArn)
    ? await signWithPrivateCa(ctx, {
        caArn: certificate.certificateAuthorityArn,
        domainName: certificate.domainName,
        subjectAlternativeNames: certificate.subjectAlternativeNames,
        keyAlgorithm: certificate.keyAlgorithm,
        readyAt,
      })
    : { failureReason: 'PCA_ACCESS_DENIED' };
  certificate.renewal = {
    requestedAt: nowMs,
    readyAt,
    ...outcome,
    announced: false,
    action: 'RENEWAL',
    ...(managedAttemptDays === undefined ? {} : { managedAttemptDays }),
  };
}

/** Renewal needs the CA to have granted acm.amazonaws.com IssueCertificate, GetCertificate and ListPermissions. */
function hasRenewalPermission(ctx: OperationContext<unknown>, caArn: string): boolean {
  const location = parseAuthorityArn(caArn);
  if (!location) return false;
  const ca = findAuthority(ctx.env.stateOf<AcmPcaState>('acm-pca', location.region), caArn, ctx.nowMs());
  // Without the CA, signing fails with PCA_RESOURCE_NOT_FOUND, which says more than access denied.
  if (!ca) return true;
  return ca.permissions.some(
    (p) => p.principal === ACM_PRINCIPAL && ACM_RENEWAL_ACTIONS.every((action) => p.actions.includes(action)),
  );
}
