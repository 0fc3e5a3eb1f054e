import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority, requireStatus } from '../authorities.ts';
import { arn } from '../shapes.ts';
import type { AcmPcaState } from '../state.ts';
import { principal, sourceAccount } from './CreatePermission.ts';

export default defineOperation<
  AcmPcaState,
  { CertificateAuthorityArn: string; Principal: string; SourceAccount?: string }
>({
  mutates: true,
  input: t.structure({
    CertificateAuthorityArn: t.required(arn),
    Principal: t.required(principal),
    SourceAccount: sourceAccount,
  }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);
    requireStatus(ca, nowMs, ['CREATING', 'PENDING_CERTIFICATE', 'ACTIVE', 'DISABLED', 'EXPIRED']);
    const account = input.SourceAccount ?? ctx.accountId;
    const index = ca.permissions.findIndex(
      (p) => p.principal === input.Principal && (p.sourceAccount ?? ctx.accountId) === account,
    );
    if (index < 0)
      throw new AwsError('ResourceNotFoundException', `No permission for ${input.Principal} exists on ${ca.arn}.`);
    ca.permissions.splice(index, 1);
    return {};
  },
});
