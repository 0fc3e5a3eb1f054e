import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority, requireStatus } from '../authorities.ts';
import { arn, tags } from '../shapes.ts';
import type { AcmPcaState, Tag } from '../state.ts';

export default defineOperation<AcmPcaState, { CertificateAuthorityArn: string; Tags: Tag[] }>({
  mutates: true,
  input: t.structure({ CertificateAuthorityArn: t.required(arn), Tags: t.required(tags) }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);
    requireStatus(ca, nowMs, ['CREATING', 'PENDING_CERTIFICATE', 'ACTIVE', 'DISABLED', 'EXPIRED', 'FAILED']);
    // Without a value the key goes regardless of its value; with one, only on a match.
    ca.tags = ca.tags.filter(
      (tag) => !input.Tags.some((u: Tag) => u.Key === tag.Key && (u.Value === undefined || u.Value === tag.Value)),
    );
    return {};
  },
});
