import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireCertificate, requireVersion } from '../certificates.js';
import { certificateArn } from '../shapes.js';
import type { AcmState } from '../state.js';

export default defineOperation<AcmState, { CertificateArn: string }>({
  input: t.structure({ CertificateArn: t.required(certificateArn) }),
  handle(input, ctx) {
    const version = requireVersion(requireCertificate(ctx.state, input.CertificateArn), ctx.nowMs());
    return { Certificate: version.certificatePem, CertificateChain: version.chainPem };
  },
});
