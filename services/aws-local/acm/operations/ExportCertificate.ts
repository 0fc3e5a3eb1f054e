import { createPrivateKey } from 'node:crypto';
import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireCertificate, requireVersion } from '../certificates.ts';
import { certificateArn } from '../shapes.ts';
import type { AcmState } from '../state.ts';

/** ACM accepts any ASCII character in a passphrase except these. */
const FORBIDDEN_PASSPHRASE_BYTES = ['#', '$', '%'].map((c) => c.charCodeAt(0));

export default defineOperation<AcmState, { CertificateArn: string; Passphrase: Buffer }>({
  mutates: true,
  input: t.structure({
    CertificateArn: t.required(certificateArn),
    Passphrase: t.required(t.blob({ min: 4, max: 128, sensitive: true })),
  }),
  handle(input, ctx) {
    // Never echo the passphrase: the message names the rule, not the value.
    if (input.Passphrase.some((byte: number) => FORBIDDEN_PASSPHRASE_BYTES.includes(byte))) {
      throw new AwsError('ValidationException', 'The passphrase must not contain the characters #, $ or %.');
    }
    const certificate = requireCertificate(ctx.state, input.CertificateArn);
    if (certificate.type === 'AMAZON_ISSUED' && certificate.options?.Export !== 'ENABLED') {
      throw new AwsError(
        'ValidationException',
        `Certificate ${certificate.arn} is a public certificate requested without Options.Export=ENABLED and cannot be exported.`,
      );
    }
    const version = requireVersion(certificate, ctx.nowMs());
    // PKCS#8 PBES2 (PBKDF2 with HMAC-SHA256, AES-256-CBC), as `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes it.
    const privateKey = createPrivateKey(version.privateKeyPem).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: input.Passphrase,
    }) as string;
    certificate.exportedAt = ctx.nowMs();
    return { Certificate: version.certificatePem, CertificateChain: version.chainPem, PrivateKey: privateKey };
  },
});
