import { AwsError } from '../../core/aws-error.js';
import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireCertificate, viewAt } from '../certificates.js';
import { renewalEligibility } from '../eligibility.js';
import { startRenewal } from '../renewal.js';
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
