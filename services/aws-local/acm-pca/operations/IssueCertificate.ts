import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { requireAuthority } from '../authorities.ts';
import { parseCsr, subjectAlternativeNamesOf } from '../csr.ts';
import { issue } from '../issuance.ts';
import { arn, asn1Subject, idempotencyToken, signingAlgorithm, validity } from '../shapes.ts';
import type { AcmPcaState } from '../state.ts';
import { DEFAULT_TEMPLATE, templateByName, templateFromArn } from '../templates.ts';
import { notAfterOf, notBeforeOf, type Validity } from '../validity.ts';
import { ownEntry, setOwnEntry } from '../../core/own-keys.ts';

/** Idempotency tokens for IssueCertificate time out after one minute. */
const TOKEN_TTL_MS = 60 * 1000;

interface Input {
  CertificateAuthorityArn: string;
  Csr: Buffer;
  SigningAlgorithm: string;
  TemplateArn?: string;
  Validity: Validity;
  ValidityNotBefore?: Validity;
  IdempotencyToken?: string;
  ApiPassthrough?: unknown;
}

export default defineOperation<AcmPcaState, Input>({
  mutates: true,
  input: t.structure({
    ApiPassthrough: t.structure({ Extensions: t.structure({}), Subject: asn1Subject }),
    CertificateAuthorityArn: t.required(arn),
    Csr: t.required(t.blob({ min: 1, max: 32768 })),
    SigningAlgorithm: t.required(signingAlgorithm),
    TemplateArn: arn,
    Validity: t.required(validity),
    ValidityNotBefore: validity,
    IdempotencyToken: idempotencyToken,
  }),
  async handle(input, ctx) {
    const now = ctx.now();
    const nowMs = now.getTime();
    const ca = requireAuthority(ctx.state, input.CertificateAuthorityArn, nowMs);

    for (const [token, entry] of Object.entries(ca.issueTokens)) {
      if (entry.expiresAt <= nowMs) delete ca.issueTokens[token];
    }
    const remembered = input.IdempotencyToken ? ownEntry(ca.issueTokens, input.IdempotencyToken) : undefined;
    if (remembered) return { CertificateArn: remembered.certificateArn };

    const template = input.TemplateArn ? templateFromArn(input.TemplateArn) : templateByName(DEFAULT_TEMPLATE);
    if (!template) throw new AwsError('InvalidArgsException', `The template ${input.TemplateArn} is not supported.`);
    const csr = await parseCsr(input.Csr);
    const issued = await issue({
      ca,
      publicKey: csr.publicKey,
      subject: csr.subjectName,
      subjectAlternativeNames: subjectAlternativeNamesOf(csr),
      template,
      signingAlgorithm: input.SigningAlgorithm,
      notBefore: notBeforeOf(input.ValidityNotBefore, now),
      notAfter: notAfterOf(input.Validity, now),
      now,
      readyDelayMs: ctx.env.timings['pca.issue'],
    });
    if (input.IdempotencyToken) {
      setOwnEntry(ca.issueTokens, input.IdempotencyToken, {
        certificateArn: issued.arn,
        expiresAt: nowMs + TOKEN_TTL_MS,
      });
    }
    return { CertificateArn: issued.arn };
  },
});
