import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireCertificate } from '../certificates.ts';
import { certificateArn, tags } from '../shapes.ts';
import type { AcmState, Tag } from '../state.ts';

const MAX_TAGS = 50;

export default defineOperation<AcmState, { CertificateArn: string; Tags: Tag[] }>({
  mutates: true,
  input: t.structure({ CertificateArn: t.required(certificateArn), Tags: t.required(tags) }),
  handle(input, ctx) {
    const certificate = requireCertificate(ctx.state, input.CertificateArn);
    const merged = new Map(certificate.tags.map((tag) => [tag.Key, tag]));
    for (const tag of input.Tags) merged.set(tag.Key, tag);
    if (merged.size > MAX_TAGS)
      throw new AwsError('TooManyTagsException', `A certificate can have at most ${MAX_TAGS} tags.`);
    certificate.tags = [...merged.values()];
    return {};
  },
});
