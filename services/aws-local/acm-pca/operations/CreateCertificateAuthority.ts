import { randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error.ts';
import { defineOperation } from '../../protocol/service.ts';
import { t } from '../../protocol/shape.ts';
import {
  generatePrivateKeyPem,
  importKeyPair,
  keyAlgorithmFamily,
  signatureParams,
  signingAlgorithmFamily,
} from '../keys.ts';
import { subjectToName } from '../names.ts';
import {
  asn1Subject,
  idempotencyToken,
  keyAlgorithm,
  revocationConfiguration,
  signingAlgorithm,
  tags,
} from '../shapes.ts';
import type { AcmPcaState, CaConfiguration, CaType, Tag, UsageMode } from '../state.ts';
import { x509 } from '../x509.ts';
import { ownEntry, setOwnEntry } from '../../core/own-keys.ts';

/** Idempotency tokens for CreateCertificateAuthority time out after five minutes. */
const TOKEN_TTL_MS = 5 * 60 * 1000;

interface Input {
  CertificateAuthorityConfiguration: CaConfiguration;
  RevocationConfiguration?: Record<string, unknown>;
  CertificateAuthorityType: CaType;
  IdempotencyToken?: string;
  KeyStorageSecurityStandard?: string;
  Tags?: Tag[];
  UsageMode?: UsageMode;
}

export default defineOperation<AcmPcaState, Input>({
  mutates: true,
  input: t.structure({
    CertificateAuthorityConfiguration: t.required(
      t.structure({
        KeyAlgorithm: t.required(keyAlgorithm),
        SigningAlgorithm: t.required(signingAlgorithm),
        Subject: t.required(asn1Subject),
        CsrExtensions: t.structure({
          KeyUsage: t.structure({}),
          SubjectInformationAccess: t.list(t.structure({})),
        }),
      }),
    ),
    RevocationConfiguration: revocationConfiguration,
    CertificateAuthorityType: t.required(t.string({ enum: ['ROOT', 'SUBORDINATE'] })),
    IdempotencyToken: idempotencyToken,
    KeyStorageSecurityStandard: t.string({
      enum: ['FIPS_140_2_LEVEL_2_OR_HIGHER', 'FIPS_140_2_LEVEL_3_OR_HIGHER', 'CCPC_LEVEL_1_OR_HIGHER'],
    }),
    Tags: tags,
    UsageMode: t.string({ enum: ['GENERAL_PURPOSE', 'SHORT_LIVED_CERTIFICATE'] }),
  }),
  async handle(input, ctx) {
    const nowMs = ctx.nowMs();
    for (const [token, entry] of Object.entries(ctx.state.createTokens)) {
      if (entry.expiresAt <= nowMs) delete ctx.state.createTokens[token];
    }
    const remembered = input.IdempotencyToken ? ownEntry(ctx.state.createTokens, input.IdempotencyToken) : undefined;
    if (remembered && ctx.state.authorities[remembered.arn]) return { CertificateAuthorityArn: remembered.arn };

    const config = input.CertificateAuthorityConfiguration;
    const family = keyAlgorithmFamily(config.KeyAlgorithm);
    if (!family) {
      throw new AwsError(
        'InvalidArgsException',
        `The key algorithm ${config.KeyAlgorithm} is not supported in this Region.`,
      );
    }
    if (signingAlgorithmFamily(config.SigningAlgorithm) !== family) {
      throw new AwsError(
        'InvalidArgsException',
        `The signing algorithm ${config.SigningAlgorithm} is not compatible with the key algorithm ${config.KeyAlgorithm}.`,
      );
    }

    const privateKeyPem = generatePrivateKeyPem(config.KeyAlgorithm);
    // The CSR is made now, signed by the CA's key, with the configured subject.
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: subjectToName(config.Subject),
      keys: (await importKeyPair(privateKeyPem, config.SigningAlgorithm)) as never,
      signingAlgorithm: signatureParams(config.SigningAlgorithm) as never,
    });

    const arn = ctx.arn('acm-pca', `certificate-authority/${randomUUID()}`);
    ctx.state.authorities[arn] = {
      arn,
      type: input.CertificateAuthorityType,
      status: 'PENDING_CERTIFICATE',
      usageMode: input.UsageMode ?? 'GENERAL_PURPOSE',
      keyStorageSecurityStandard: input.KeyStorageSecurityStandard ?? 'FIPS_140_2_LEVEL_3_OR_HIGHER',
      configuration: config,
      revocationConfiguration: input.RevocationConfiguration,
      createdAt: nowMs,
      lastStateChangeAt: nowMs,
      privateKeyPem,
      csrPem: csr.toString('pem') + '\n',
      tags: input.Tags ?? [],
      permissions: [],
      certificates: {},
      issueTokens: {},
    };
    if (input.IdempotencyToken) {
      setOwnEntry(ctx.state.createTokens, input.IdempotencyToken, { arn, expiresAt: nowMs + TOKEN_TTL_MS });
    }
    return { CertificateAuthorityArn: arn };
  },
});
