import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority, requireStatus, setStatus } from '../authorities.ts';
import { arn } from '../shapes.ts';
import type { AcmPcaState } from '../state.ts';

export default defineOperation<AcmPcaState, { CertificateAuthorityArn: string }>({
  mutates: true,
  input: t.structure({ CertificateAuthorityArn: t.required(arn) }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);
    requireStatus(ca, nowMs, ['DELETED']);
    // A restored CA comes back DISABLED (or still waiting for its certificate).
    setStatus(ca, ca.statusBeforeDeletion === 'PENDING_CERTIFICATE' ? 'PENDING_CERTIFICATE' : 'DISABLED', nowMs);
    ca.restorableUntil = undefined;
    ca.statusBeforeDeletion = undefined;
    return {};
  },
});
