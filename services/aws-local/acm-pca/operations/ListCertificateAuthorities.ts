import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { isPermanentlyDeleted } from '../authorities.ts';
import { describeAuthority } from '../describe.ts';
import { paginate, pageRequest } from '../../core/paginate.ts';
import { pcaPaging } from '../paging.ts';
import { maxResults, nextToken } from '../shapes.ts';
import type { AcmPcaState } from '../state.ts';

interface Input {
  NextToken?: string;
  MaxResults?: number;
  ResourceOwner?: 'SELF' | 'OTHER_ACCOUNTS';
}

export default defineOperation<AcmPcaState, Input>({
  input: t.structure({
    NextToken: nextToken,
    MaxResults: maxResults,
    ResourceOwner: t.string({ enum: ['SELF', 'OTHER_ACCOUNTS'] }),
  }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    // Nothing is shared with this account from others (no AWS RAM here).
    const own = input.ResourceOwner === 'OTHER_ACCOUNTS' ? [] : Object.values(ctx.state.authorities);
    const visible = own.filter((ca) => !isPermanentlyDeleted(ca, nowMs)).sort((a, b) => a.createdAt - b.createdAt);
    const { items, nextToken: next } = paginate(visible, pageRequest(input), pcaPaging('ListCertificateAuthorities'));
    return { CertificateAuthorities: items.map((ca) => describeAuthority(ca, ctx.accountId, nowMs)), NextToken: next };
  },
});
