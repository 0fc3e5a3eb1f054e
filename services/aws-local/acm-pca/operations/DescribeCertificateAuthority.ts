import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireAuthority } from '../authorities.js';
import { describeAuthority } from '../describe.js';
import { arn } from '../shapes.js';
import type { AcmPcaState } from '../state.js';

export default defineOperation<AcmPcaState, { CertificateAuthorityArn: string }>({
  input: t.structure({ CertificateAuthorityArn: t.required(arn) }),
  handle(input, ctx) {
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, ctx.nowMs());
    return { CertificateAuthority: describeAuthority(ca, ctx.accountId, ctx.nowMs()) };
  },
});
