import { findAuthority, parseAuthorityArn } from '../../acm-pca/authorities.js';
import { ACM_PRINCIPAL, ACM_RENEWAL_ACTIONS } from '../../acm-pca/permissions.js';
import type { AcmPcaState } from '../../acm-pca/state.js';
import { AwsError } from '../../protocol/aws-error.js';
import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireCertificate, viewAt } from '../certificates.js';
import { signWithPrivateCa } from '../private-ca-signing.js';
import { certificateArn } from '../shapes.js';
import type { AcmState } from '../state.js';

export default defineOperation<AcmState, { CertificateArn: string }>({
  mutates: true,
  input: t.structure({ CertificateArn: t.required(certificateArn) }),
  async handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const certificate = requireCertificate(ctx.state, input.CertificateArn);
    const view = viewAt(certificate, nowMs);
    if (view.status === 'PENDING_VALIDATION' || (certificate.renewal && nowMs < certificate.renewal.readyAt)) {
      throw new AwsError('RequestInProgressException', `Certificate ${certificate.arn} has an issuance or renewal in progress.`);
    }
    if (view.status !== 'ISSUED' && view.status !== 'EXPIRED') {
      throw new AwsError('ValidationException', `Certificate ${certificate.arn} has status ${view.status} and cannot be renewed.`);
    }
    if (certificate.exportedAt === undefined) {
      throw new AwsError('ValidationException', `Certificate ${certificate.arn} is not eligible for renewal: only exported private certificates can be renewed.`);
    }
    // A finished successful renewal becomes the certificate before the next one starts.
    if (certificate.renewal?.version) certificate.issuance = { ...certificate.renewal };
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
    certificate.renewal = { requestedAt: nowMs, readyAt, ...outcome };
    return {};
  },
});

/** Renewal needs the CA to have granted acm.amazonaws.com IssueCertificate, GetCertificate and ListPermissions. */
function hasRenewalPermission(ctx: Parameters<typeof signWithPrivateCa>[0], caArn: string): boolean {
  const location = parseAuthorityArn(caArn);
  if (!location) return false;
  const ca = findAuthority(ctx.env.stateOf<AcmPcaState>('acm-pca', location.region), caArn, ctx.nowMs());
  // Without the CA, signing fails with PCA_RESOURCE_NOT_FOUND, which says more than access denied.
  if (!ca) return true;
  return ca.permissions.some(
    (p) => p.principal === ACM_PRINCIPAL && ACM_RENEWAL_ACTIONS.every((action) => p.actions.includes(action)),
  );
}
