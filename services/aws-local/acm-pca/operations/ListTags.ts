import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority } from '../authorities.ts';
import { paginate, pageRequest } from '../../core/paginate.ts';
import { pcaPaging } from '../paging.ts';
import { arn, maxResults, nextToken } from '../shapes.ts';
import type { AcmPcaState } from '../state.ts';

export default defineOperation<
  AcmPcaState,
  { CertificateAuthorityArn: string; NextToken?: string; MaxResults?: number }
>({
  input: t.structure({ CertificateAuthorityArn: t.required(arn), NextToken: nextToken, MaxResults: maxResults }),
  handle(input, ctx) {
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, ctx.nowMs());
    const { items, nextToken: next } = paginate(ca.tags, pageRequest(input), pcaPaging('ListTags'));
    return { Tags: items, NextToken: next };
  },
});
