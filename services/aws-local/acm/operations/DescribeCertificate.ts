import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireCertificate } from '../certificates.ts';
import { describeCertificate } from '../describe.ts';
import { certificateArn } from '../shapes.ts';
import type { AcmState } from '../state.ts';

export default defineOperation<AcmState, { CertificateArn: string }>({
  input: t.structure({ CertificateArn: t.required(certificateArn) }),
  handle(input, ctx) {
    const certificate = requireCertificate(ctx.state, input.CertificateArn);
    // Right after RequestCertificate, AWS takes a few seconds before it can describe the certificate.
    if (ctx.nowMs() < certificate.visibleAt) {
      throw new AwsError('ResourceNotFoundException', `Could not find certificate ${input.CertificateArn}.`);
    }
    return { Certificate: describeCertificate(certificate, ctx.nowMs()) };
  },
});
