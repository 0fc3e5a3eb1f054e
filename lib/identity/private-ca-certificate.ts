import { GetCertificateCommand, IssueCertificateCommand, type ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { awsCall, AwsCallError } from '../aws/aws-call-error.ts';
import { encryptPrivateKey } from '../pki/index.ts';
import { pollUntil } from '../poll-until.ts';
import { isKeyAlgorithm, signingAlgorithmFor } from '../private-ca/signing-algorithm.ts';
import { ExportError } from './errors.ts';
import type { ExportRequest } from './export-request.ts';
import type { Role } from '../vocabulary.ts';
import type { ExportedMaterial } from './exported-material.ts';
import { generateKeyAndCsr } from './key-and-csr.ts';
import type { UsableCa } from './usable-ca.ts';

/** Private CA templates per role: exactly the EKUs the role needs. */
export const TEMPLATE_FOR_ROLE: Record<Role, string> = {
  client: 'arn:aws:acm-pca:::template/EndEntityClientAuthCertificate/V1',
  server: 'arn:aws:acm-pca:::template/EndEntityServerAuthCertificate/V1',
  both: 'arn:aws:acm-pca:::template/EndEntityCertificate/V1',
};
/** Short-lived CAs issue at most 7 days; general-purpose ones get a month by default. */
export const DEFAULT_VALIDITY_DAYS = { SHORT_LIVED_CERTIFICATE: 7, GENERAL_PURPOSE: 30 } as const;
const ISSUE_WAIT_MS = 60_000;

export function validityDaysFor(request: ExportRequest, ca: UsableCa): number {
  const days = request.validityDays ?? DEFAULT_VALIDITY_DAYS[ca.usageMode];
  if (ca.usageMode === 'SHORT_LIVED_CERTIFICATE' && days > DEFAULT_VALIDITY_DAYS.SHORT_LIVED_CERTIFICATE) {
    throw new ExportError(
      'VALIDITY_TOO_LONG',
      `Private CA ${ca.caArn} is short-lived: validityDays must be 7 or less, got ${days}`,
    );
  }
  return days;
}

/**
 * The `pca` source: the key pair is generated here, in memory; only a CSR
 * goes to Private CA, and the key leaves encrypted with `passphrase`.
 */
export async function issueFromPrivateCa(
  pca: ACMPCAClient,
  request: ExportRequest,
  ca: UsableCa,
  passphrase: string,
): Promise<ExportedMaterial> {
  if (!isKeyAlgorithm(ca.keyAlgorithm)) {
    throw new ExportError(
      'CA_KEY_UNSUPPORTED',
      `Private CA ${ca.caArn} has key algorithm ${ca.keyAlgorithm}, which pca-mtls does not sign with`,
    );
  }
  const validityDays = validityDaysFor(request, ca);
  const { privateKey, csrPem } = await generateKeyAndCsr(request.keyAlgorithm, request.domain!, request.sans);
  const issued = await awsCall('acm-pca:IssueCertificate', () =>
    pca.send(
      new IssueCertificateCommand({
        CertificateAuthorityArn: ca.caArn,
        Csr: Buffer.from(csrPem),
        SigningAlgorithm: signingAlgorithmFor(ca.keyAlgorithm as Parameters<typeof signingAlgorithmFor>[0]),
        TemplateArn: TEMPLATE_FOR_ROLE[request.role],
        Validity: { Type: 'DAYS', Value: validityDays },
      }),
    ),
  );
  const certificateArn = issued.CertificateArn!;
  const certificate = await pollUntil(
    async () => {
      try {
        return await awsCall('acm-pca:GetCertificate', () =>
          pca.send(new GetCertificateCommand({ CertificateAuthorityArn: ca.caArn, CertificateArn: certificateArn })),
        );
      } catch (err) {
        if (err instanceof AwsCallError && err.awsErrorName === 'RequestInProgressException') return undefined;
        throw err;
      }
    },
    { what: `Private CA certificate ${certificateArn}`, timeoutMs: ISSUE_WAIT_MS },
  );
  return {
    certificatePem: certificate.Certificate!,
    chainPem: certificate.CertificateChain ?? '',
    encryptedKeyPem: encryptPrivateKey(privateKey, passphrase),
    passphrase,
    caArn: ca.caArn,
    certificateArn,
  };
}
