import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireCertificate, viewAt } from '../certificates.ts';
import { renewalEligibility } from '../eligibility.ts';
import { startRenewal } from '../renewal.ts';
import { certificateArn } from '../shapes.ts';
import type { AcmState } from '../state.ts';

export default defineOperation<AcmState, { CertificateArn: string }>({
  mutates: true,
  input: t.structure({ CertificateArn: t.required(certificateArn) }),
  async handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const certificate = requireCertificate(ctx.state, input.CertificateArn);
    const view = viewAt(certificate, nowMs);
    if (view.status === 'PENDING_VALIDATION' || (certificate.renewal && nowMs < certificate.renewal.readyAt)) {
      throw new AwsError(
        'RequestInProgressException',
        `Certificate ${certificate.arn} has an issuance or renewal in progress.`,
      );
    }
    if (view.status !== 'ISSUED' && view.status !== 'EXPIRED') {
      throw new AwsError(
        'ValidationException',
        `Certificate ${certificate.arn} has status ${view.status} and cannot be renewed.`,
      );
    }
    if (renewalEligibility(certificate, nowMs) !== 'ELIGIBLE') {
      throw new AwsError(
        'ValidationException',
        `Certificate ${certificate.arn} is not eligible for renewal: it has not been exported since it was issued or last renewed.`,
      );
    }
    await startRenewal(ctx, certificate);
    return {};
  },
});
