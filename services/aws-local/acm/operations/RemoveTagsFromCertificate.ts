import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireCertificate } from '../certificates.ts';
import { certificateArn, tags } from '../shapes.ts';
import type { AcmState, Tag } from '../state.ts';

export default defineOperation<AcmState, { CertificateArn: string; Tags: Tag[] }>({
  mutates: true,
  input: t.structure({ CertificateArn: t.required(certificateArn), Tags: t.required(tags) }),
  handle(input, ctx) {
    const certificate = requireCertificate(ctx.state, input.CertificateArn);
    // Without a value the key goes regardless of its value; with one, only on a match.
    certificate.tags = certificate.tags.filter(
      (tag) => !input.Tags.some((u: Tag) => u.Key === tag.Key && (u.Value === undefined || u.Value === tag.Value)),
    );
    return {};
  },
});
