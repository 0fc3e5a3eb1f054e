import { defineOperation } from '../../protocol/service.js';
import { t } from '../../protocol/shape.js';
import { requireAuthority } from '../authorities.js';
import { paginate, pageRequest } from '../../core/paginate.js';
import { pcaPaging } from '../paging.js';
import { arn, maxResults, nextToken } from '../shapes.js';
import type { AcmPcaState } from '../state.js';

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
