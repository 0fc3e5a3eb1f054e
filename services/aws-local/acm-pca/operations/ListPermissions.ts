import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority, requireStatus } from '../authorities.ts';
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
    const nowMs = ctx.nowMs();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);
    requireStatus(ca, nowMs, ['CREATING', 'PENDING_CERTIFICATE', 'ACTIVE', 'DISABLED', 'EXPIRED']);
    const { items, nextToken: next } = paginate(ca.permissions, pageRequest(input), pcaPaging('ListPermissions'));
    return {
      Permissions: items.map((p) => ({
        CertificateAuthorityArn: ca.arn,
        CreatedAt: new Date(p.createdAt),
        Principal: p.principal,
        SourceAccount: p.sourceAccount ?? ctx.accountId,
        Actions: p.actions,
      })),
      NextToken: next,
    };
  },
});
