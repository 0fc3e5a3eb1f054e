import {
  CreateCertificateAuthorityCommand,
  CreatePermissionCommand,
  GetCertificateAuthorityCsrCommand,
  GetCertificateCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
  type ACMPCAClient,
} from '@aws-sdk/client-acm-pca';
import { pollUntil } from '../poll-until.ts';
import { signingAlgorithmFor, type KeyAlgorithm } from './signing-algorithm.ts';

export interface RootCaRequest {
  commonName: string;
  organization?: string;
  keyAlgorithm?: KeyAlgorithm;
  usageMode?: 'GENERAL_PURPOSE' | 'SHORT_LIVED_CERTIFICATE';
  validityYears?: number;
  /** Let ACM issue and renew from this CA (`acm.amazonaws.com` permission). */
  allowAcmRenewal?: boolean;
  tags?: Record<string, string>;
  waitTimeoutMs?: number;
}

export interface RootCa {
  caArn: string;
  certificatePem: string;
}

const DEFAULT_VALIDITY_YEARS = 10;
const DEFAULT_WAIT_MS = 60_000;
const ROOT_TEMPLATE_ARN = 'arn:aws:acm-pca:::template/RootCACertificate/V1';

/** Answers that mean "not yet" while Private CA is still creating or issuing. */
function isNotReady(err: unknown): boolean {
  const name = (err as Error)?.name;
  return name === 'RequestInProgressException' || name === 'InvalidStateException';
}

async function untilReady<T>(what: string, call: () => Promise<T>, timeoutMs: number): Promise<T> {
  return pollUntil(
    async () => {
      try {
        return await call();
      } catch (err) {
        if (isNotReady(err)) return undefined;
        throw err;
      }
    },
    { what, timeoutMs },
  );
}

/**
 * Creates a root CA and activates it the way AWS documents: get the CA's CSR,
 * issue the self-signed root certificate with `RootCACertificate/V1`, import it.
 * Returns once the CA is ACTIVE.
 */
export async function createRootCa(pca: ACMPCAClient, request: RootCaRequest): Promise<RootCa> {
  const keyAlgorithm = request.keyAlgorithm ?? 'EC_prime256v1';
  const signingAlgorithm = signingAlgorithmFor(keyAlgorithm);
  const timeoutMs = request.waitTimeoutMs ?? DEFAULT_WAIT_MS;
  const created = await pca.send(
    new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'ROOT',
      UsageMode: request.usageMode ?? 'GENERAL_PURPOSE',
      CertificateAuthorityConfiguration: {
        KeyAlgorithm: keyAlgorithm,
        SigningAlgorithm: signingAlgorithm,
        Subject: { CommonName: request.commonName, Organization: request.organization },
      },
      Tags: request.tags ? Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value })) : undefined,
    }),
  );
  const caArn = created.CertificateAuthorityArn!;
  const csr = await untilReady(
    `the CSR of CA ${caArn}`,
    () => pca.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: caArn })),
    timeoutMs,
  );
  const issued = await pca.send(
    new IssueCertificateCommand({
      CertificateAuthorityArn: caArn,
      Csr: Buffer.from(csr.Csr!),
      SigningAlgorithm: signingAlgorithm,
      TemplateArn: ROOT_TEMPLATE_ARN,
      Validity: { Type: 'YEARS', Value: request.validityYears ?? DEFAULT_VALIDITY_YEARS },
    }),
  );
  const certificate = await untilReady(
    `the root certificate of CA ${caArn}`,
    () =>
      pca.send(new GetCertificateCommand({ CertificateAuthorityArn: caArn, CertificateArn: issued.CertificateArn! })),
    timeoutMs,
  );
  await pca.send(
    new ImportCertificateAuthorityCertificateCommand({
      CertificateAuthorityArn: caArn,
      Certificate: Buffer.from(certificate.Certificate!),
    }),
  );
  if (request.allowAcmRenewal ?? true) {
    await pca.send(
      new CreatePermissionCommand({
        CertificateAuthorityArn: caArn,
        Principal: 'acm.amazonaws.com',
        Actions: ['IssueCertificate', 'GetCertificate', 'ListPermissions'],
      }),
    );
  }
  return { caArn, certificatePem: certificate.Certificate! };
}
