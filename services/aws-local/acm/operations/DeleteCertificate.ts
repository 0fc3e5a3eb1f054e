import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireCertificate } from '../certificates.js';
import { certificateArn } from '../shapes.js';
import type { AcmState } from '../state.js';

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
