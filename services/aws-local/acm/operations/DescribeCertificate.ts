import { AwsError } from '../../core/aws-error.js';
import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireCertificate } from '../certificates.js';
import { describeCertificate } from '../describe.js';
import { certificateArn } from '../shapes.js';
import type { AcmState } from '../state.js';

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
