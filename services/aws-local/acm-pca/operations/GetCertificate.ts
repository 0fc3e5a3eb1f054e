import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority, requireStatus } from '../authorities.ts';
import { arn } from '../shapes.ts';
import type { AcmPcaState } from '../state.ts';

export default defineOperation<AcmPcaState, { CertificateAuthorityArn: string; CertificateArn: string }>({
  input: t.structure({ CertificateAuthorityArn: t.required(arn), CertificateArn: t.required(arn) }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);
    const prefix = `${ca.arn}/certificate/`;
    if (!input.CertificateArn.startsWith(prefix)) {
      throw new AwsError(
        'InvalidArnException',
        `The certificate ARN ${input.CertificateArn} does not belong to ${ca.arn}.`,
      );
    }
    requireStatus(ca, nowMs, ['PENDING_CERTIFICATE', 'ACTIVE', 'DISABLED', 'EXPIRED']);
    const certificate = ca.certificates[input.CertificateArn.slice(prefix.length).toLowerCase()];
    if (!certificate)
      throw new AwsError('ResourceNotFoundException', `Could not find certificate ${input.CertificateArn}.`);
    if (nowMs < certificate.readyAt) {
      throw new AwsError('RequestInProgressException', `The certificate ${input.CertificateArn} is not ready yet.`);
    }
    return { Certificate: certificate.pem, CertificateChain: certificate.chainPem };
  },
});
