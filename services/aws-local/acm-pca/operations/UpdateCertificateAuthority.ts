import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority, requireStatus, setStatus } from '../authorities.ts';
import { arn, revocationConfiguration } from '../shapes.ts';
import type { AcmPcaState, CaStatus } from '../state.ts';

interface Input {
  CertificateAuthorityArn: string;
  RevocationConfiguration?: Record<string, unknown>;
  Status?: CaStatus;
}

export default defineOperation<AcmPcaState, Input>({
  mutates: true,
  input: t.structure({
    CertificateAuthorityArn: t.required(arn),
    RevocationConfiguration: revocationConfiguration,
    Status: t.string({
      enum: ['CREATING', 'PENDING_CERTIFICATE', 'ACTIVE', 'DELETED', 'DISABLED', 'EXPIRED', 'FAILED'],
    }),
  }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);
    // Only an ACTIVE or DISABLED CA can be updated (an expired one needs a new certificate).
    requireStatus(ca, nowMs, ['ACTIVE', 'DISABLED']);
    if (input.Status !== undefined && input.Status !== 'ACTIVE' && input.Status !== 'DISABLED') {
      throw new AwsError('InvalidArgsException', `The status ${input.Status} cannot be set; use ACTIVE or DISABLED.`);
    }
    if (input.RevocationConfiguration) ca.revocationConfiguration = input.RevocationConfiguration;
    if (input.Status) setStatus(ca, input.Status, nowMs);
    return {};
  },
});
