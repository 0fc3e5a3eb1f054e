import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority } from '../authorities.ts';
import { describeAuthority } from '../describe.ts';
import { arn } from '../shapes.ts';
import type { AcmPcaState } from '../state.ts';

export default defineOperation<AcmPcaState, { CertificateAuthorityArn: string }>({
  input: t.structure({ CertificateAuthorityArn: t.required(arn) }),
  handle(input, ctx) {
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, ctx.nowMs());
    return { CertificateAuthority: describeAuthority(ca, ctx.accountId, ctx.nowMs()) };
  },
});
