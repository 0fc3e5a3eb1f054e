import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority, requireStatus } from '../authorities.ts';
import { ACM_PRINCIPAL } from '../permissions.ts';
import { arn, modelPattern } from '../shapes.ts';
import type { AcmPcaState } from '../state.ts';

interface Input {
  CertificateAuthorityArn: string;
  Principal: string;
  SourceAccount?: string;
  Actions: string[];
}

export const principal = t.string({ min: 0, max: 128, pattern: modelPattern('^[^*]+$') });
export const sourceAccount = t.string({ min: 12, max: 12, pattern: modelPattern('[0-9]+') });

export default defineOperation<AcmPcaState, Input>({
  mutates: true,
  input: t.structure({
    CertificateAuthorityArn: t.required(arn),
    Principal: t.required(principal),
    SourceAccount: sourceAccount,
    Actions: t.required(
      t.list(t.string({ enum: ['IssueCertificate', 'GetCertificate', 'ListPermissions'] }), { min: 1, max: 3 }),
    ),
  }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);
    requireStatus(ca, nowMs, ['CREATING', 'PENDING_CERTIFICATE', 'ACTIVE', 'DISABLED', 'EXPIRED']);
    if (input.Principal !== ACM_PRINCIPAL) {
      throw new AwsError(
        'InvalidRequestException',
        `The principal ${input.Principal} is not supported; use ${ACM_PRINCIPAL}.`,
      );
    }
    const sourceAccount = input.SourceAccount ?? ctx.accountId;
    if (
      ca.permissions.some(
        (p) => p.principal === input.Principal && (p.sourceAccount ?? ctx.accountId) === sourceAccount,
      )
    ) {
      throw new AwsError('PermissionAlreadyExistsException', `The permission for ${input.Principal} already exists.`);
    }
    ca.permissions.push({
      principal: input.Principal,
      sourceAccount: input.SourceAccount,
      actions: [...new Set<string>(input.Actions)],
      createdAt: nowMs,
    });
    return {};
  },
});
