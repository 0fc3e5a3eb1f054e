import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireCertificate, requireVersion } from '../certificates.ts';
import { certificateArn } from '../shapes.ts';
import type { AcmState } from '../state.ts';

export default defineOperation<AcmState, { CertificateArn: string }>({
  input: t.structure({ CertificateArn: t.required(certificateArn) }),
  handle(input, ctx) {
    const version = requireVersion(requireCertificate(ctx.state, input.CertificateArn), ctx.nowMs());
    return { Certificate: version.certificatePem, CertificateChain: version.chainPem };
  },
});
