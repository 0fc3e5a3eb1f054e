import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireCertificate } from '../certificates.ts';
import { certificateArn } from '../shapes.ts';
import type { AcmState } from '../state.ts';

export default defineOperation<AcmState, { CertificateArn: string }>({
  input: t.structure({ CertificateArn: t.required(certificateArn) }),
  handle(input, ctx) {
    const certificate = requireCertificate(ctx.state, input.CertificateArn);
    return { Tags: certificate.tags.length ? certificate.tags : undefined };
  },
});
