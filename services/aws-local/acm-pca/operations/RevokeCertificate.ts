import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority, requireStatus } from '../authorities.ts';
import { arn } from '../shapes.ts';
import type { AcmPcaState } from '../state.ts';

interface Input {
  CertificateAuthorityArn: string;
  CertificateSerial: string;
  RevocationReason: string;
}

export default defineOperation<AcmPcaState, Input>({
  mutates: true,
  input: t.structure({
    CertificateAuthorityArn: t.required(arn),
    CertificateSerial: t.required(t.string({ min: 0, max: 128 })),
    RevocationReason: t.required(
      t.string({
        enum: [
          'UNSPECIFIED',
          'KEY_COMPROMISE',
          'CERTIFICATE_AUTHORITY_COMPROMISE',
          'AFFILIATION_CHANGED',
          'SUPERSEDED',
          'CESSATION_OF_OPERATION',
          'PRIVILEGE_WITHDRAWN',
          'A_A_COMPROMISE',
        ],
      }),
    ),
  }),
  handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);
    requireStatus(ca, nowMs, ['ACTIVE', 'DISABLED', 'EXPIRED']);
    // Accept the serial as openssl prints it (colons, any case) or as in the certificate ARN.
    const serial = input.CertificateSerial.replace(/:/g, '')
      .toLowerCase()
      .replace(/^0+(?=[0-9a-f]{32}$)/, '');
    const certificate = ca.certificates[serial];
    if (!certificate)
      throw new AwsError(
        'ResourceNotFoundException',
        `Could not find certificate with serial ${input.CertificateSerial}.`,
      );
    if (certificate.template === 'RootCACertificate/V1') {
      throw new AwsError('InvalidRequestException', "A root CA's self-signed certificate cannot be revoked.");
    }
    if (certificate.revokedAt !== undefined) {
      throw new AwsError(
        'RequestAlreadyProcessedException',
        `The certificate with serial ${input.CertificateSerial} is already revoked.`,
      );
    }
    certificate.revokedAt = nowMs;
    certificate.revocationReason = input.RevocationReason;
    return {};
  },
});
