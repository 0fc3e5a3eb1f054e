import { AwsError } from '../../core/aws-error.ts';
import { newCertificateArn } from '../new-certificate-arn.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import { signWithPrivateCa } from '../private-ca-signing.ts';
import { publicCaOf, signPublicCertificate } from '../public-ca.ts';
import { domainName, idempotencyToken, keyAlgorithm, pcaArn, tags } from '../shapes.ts';
import type { AcmState, Tag } from '../state.ts';
import { ownEntry, setOwnEntry } from '../../core/own-keys.ts';

/** Idempotency tokens for RequestCertificate time out after one hour. */
const TOKEN_TTL_MS = 60 * 60 * 1000;
/** Key algorithms ACM generates for a request; the others are for imported certificates only. */
const REQUESTABLE_KEYS = ['RSA_2048', 'EC_prime256v1', 'EC_secp384r1'];

interface Input {
  DomainName: string;
  ValidationMethod?: string;
  SubjectAlternativeNames?: string[];
  IdempotencyToken?: string;
  Options?: Record<string, unknown>;
  CertificateAuthorityArn?: string;
  Tags?: Tag[];
  KeyAlgorithm?: string;
}

export default defineOperation<AcmState, Input>({
  mutates: true,
  input: t.structure({
    DomainName: t.required(domainName),
    ValidationMethod: t.string({ enum: ['EMAIL', 'DNS', 'HTTP'] }),
    SubjectAlternativeNames: t.list(domainName, { min: 1, max: 100 }),
    IdempotencyToken: idempotencyToken,
    DomainValidationOptions: t.list(
      t.structure({ DomainName: t.required(domainName), ValidationDomain: t.required(domainName) }),
      {
        min: 1,
        max: 100,
      },
    ),
    Options: t.structure({
      CertificateTransparencyLoggingPreference: t.string({ enum: ['ENABLED', 'DISABLED'] }),
      Export: t.string({ enum: ['ENABLED', 'DISABLED'] }),
    }),
    CertificateAuthorityArn: pcaArn,
    Tags: tags,
    KeyAlgorithm: keyAlgorithm,
    ManagedBy: t.string({ enum: ['CLOUDFRONT'] }),
  }),
  async handle(input, ctx) {
    const nowMs = ctx.nowMs();
    const keyAlgorithmName = input.KeyAlgorithm ?? 'RSA_2048';
    if (!REQUESTABLE_KEYS.includes(keyAlgorithmName)) {
      throw new AwsError(
        'InvalidParameterException',
        `The key algorithm ${keyAlgorithmName} is not supported for requested certificates; use ${REQUESTABLE_KEYS.join(', ')}.`,
      );
    }
    // DomainName is the first SAN; the others follow, without repeats.
    const names = [...new Set([input.DomainName, ...(input.SubjectAlternativeNames ?? [])])];

    for (const [token, entry] of Object.entries(ctx.state.requestTokens)) {
      if (entry.expiresAt <= nowMs) delete ctx.state.requestTokens[token];
    }
    const fingerprint = JSON.stringify([names, keyAlgorithmName, input.CertificateAuthorityArn]);
    const remembered = input.IdempotencyToken ? ownEntry(ctx.state.requestTokens, input.IdempotencyToken) : undefined;
    if (remembered && remembered.fingerprint === fingerprint && ctx.state.certificates[remembered.arn]) {
      return { CertificateArn: remembered.arn };
    }

    const caArn = input.CertificateAuthorityArn;
    // A public certificate is ISSUED once its (emulated) validation is done; a private one after acm.issue.
    const readyAt = nowMs + ctx.env.timings[caArn ? 'acm.issue' : 'acm.validate'];
    const request = { domainName: input.DomainName, subjectAlternativeNames: names, keyAlgorithm: keyAlgorithmName };
    const outcome = caArn
      ? await signWithPrivateCa(ctx, { ...request, caArn, readyAt })
      : {
          version: await signPublicCertificate(await publicCaOf(ctx.state, nowMs), { ...request, validFrom: readyAt }),
        };
    const arn = newCertificateArn(ctx);
    const signatureAlgorithm = caArn ? signatureAlgorithmOf(ctx, caArn) : 'SHA256WITHRSA';
    ctx.state.certificates[arn] = {
      arn,
      type: caArn ? 'PRIVATE' : 'AMAZON_ISSUED',
      domainName: input.DomainName,
      subjectAlternativeNames: names,
      keyAlgorithm: keyAlgorithmName,
      certificateAuthorityArn: caArn ?? '',
      signatureAlgorithm,
      createdAt: nowMs,
      visibleAt: nowMs + ctx.env.timings['acm.visible'],
      options: input.Options,
      tags: input.Tags ?? [],
      issuance: { requestedAt: nowMs, readyAt, ...outcome, announced: false, action: 'ISSUANCE' },
    };
    if (input.IdempotencyToken) {
      setOwnEntry(ctx.state.requestTokens, input.IdempotencyToken, {
        arn,
        fingerprint,
        expiresAt: nowMs + TOKEN_TTL_MS,
      });
    }
    return { CertificateArn: arn };
  },
});

/** ACM signs with the CA's configured signing algorithm. */
function signatureAlgorithmOf(ctx: Parameters<typeof signWithPrivateCa>[0], caArn: string): string {
  const region = caArn.split(':')[3] ?? ctx.region;
  const pca = ctx.env.stateOf<{ authorities: Record<string, { configuration: { SigningAlgorithm: string } }> }>(
    'acm-pca',
    region,
  );
  return pca.authorities[caArn]?.configuration.SigningAlgorithm ?? '';
}
