import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority, requireStatus } from '../authorities.ts';
import { arn, tags } from '../shapes.ts';
import type { AcmPcaState, Tag } from '../state.ts';

const MAX_TAGS = 50;

export default defineOperation<AcmPcaState, { CertificateAuthorityArn: string; Tags: Tag[] }>({
  mutates: true,
  input: t.structure({ CertificateAuthorityArn: t.required(arn), Tags: t.required(tags) }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);
    requireStatus(ca, nowMs, ['CREATING', 'PENDING_CERTIFICATE', 'ACTIVE', 'DISABLED', 'EXPIRED', 'FAILED']);
    const merged = new Map(ca.tags.map((tag) => [tag.Key, tag]));
    for (const tag of input.Tags) merged.set(tag.Key, tag);
    if (merged.size > MAX_TAGS) {
      throw new AwsError('TooManyTagsException', `A certificate authority can have at most ${MAX_TAGS} tags.`);
    }
    ca.tags = [...merged.values()];
    return {};
  },
});
