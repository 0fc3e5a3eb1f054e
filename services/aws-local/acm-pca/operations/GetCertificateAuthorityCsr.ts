import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority, requireStatus } from '../authorities.ts';
import { arn } from '../shapes.ts';
import type { AcmPcaState } from '../state.ts';

export default defineOperation<AcmPcaState, { CertificateAuthorityArn: string }>({
  input: t.structure({ CertificateAuthorityArn: t.required(arn) }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);
    requireStatus(ca, nowMs, ['PENDING_CERTIFICATE', 'ACTIVE', 'DISABLED', 'EXPIRED']);
    return { Csr: ca.csrPem };
  },
});
