import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireCertificate } from '../certificates.ts';
import { certificateArn } from '../shapes.ts';
import type { AcmState } from '../state.ts';

export default defineOperation<AcmState, { CertificateArn: string }>({
  mutates: true,
  input: t.structure({ CertificateArn: t.required(certificateArn) }),
  handle(input, ctx) {
    // No AWS service uses certificates here, so ResourceInUseException never applies.
    const certificate = requireCertificate(ctx.state, input.CertificateArn);
    delete ctx.state.certificates[certificate.arn];
    return {};
  },
});
