import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireCertificate } from '../certificates.js';
import { certificateArn } from '../shapes.js';
import type { AcmState } from '../state.js';

export default defineOperation<AcmState, { CertificateArn: string }>({
  input: t.structure({ CertificateArn: t.required(certificateArn) }),
  handle(input, ctx) {
    const certificate = requireCertificate(ctx.state, input.CertificateArn);
    return { Tags: certificate.tags.length ? certificate.tags : undefined };
  },
});
