/**
 * ACM's side of a private certificate: a fresh key pair, signed by the named
 * Private CA through Private CA's own issuance rules. When Private CA would
 * refuse, the certificate fails with the failure reason ACM records.
 */
import { parseAuthorityArn, findAuthority } from '../acm-pca/authorities.ts';
import { issue } from '../acm-pca/issuance.ts';
import { generatePrivateKeyPem, keyAlgorithmFamily, publicKeyDerOf } from '../acm-pca/keys.ts';
import type { AcmPcaState } from '../acm-pca/state.ts';
import { templateByName } from '../acm-pca/templates.ts';
import { x509 } from '../acm-pca/x509.ts';
import { AwsError } from '../core/aws-error.ts';
import type { OperationContext } from '../protocol/service.ts';
import type { CertificateVersion } from './state.ts';

/** ACM private certificates are valid for 395 days. */
export const PRIVATE_CERTIFICATE_VALIDITY_MS = 395 * 24 * 60 * 60 * 1000;
const TEMPLATE = 'EndEntityCertificate/V1';
/** RFC 5280 caps the common name at 64 characters; longer names go only into the SAN. */
const MAX_COMMON_NAME = 64;

const FAILURE_REASON_OF: Record<string, string> = {
  InvalidStateException: 'PCA_INVALID_STATE',
  ValidationException: 'PCA_INVALID_DURATION',
  InvalidArgsException: 'PCA_INVALID_ARGS',
  ResourceNotFoundException: 'PCA_RESOURCE_NOT_FOUND',
  LimitExceededException: 'PCA_LIMIT_EXCEEDED',
};

export type SigningOutcome = { version: CertificateVersion } | { failureReason: string };

export async function signWithPrivateCa(
  ctx: OperationContext<unknown>,
  request: {
    caArn: string;
    domainName: string;
    subjectAlternativeNames: string[];
    keyAlgorithm: string;
    readyAt: number;
  },
): Promise<SigningOutcome> {
  const now = ctx.now();
  const location = parseAuthorityArn(request.caArn);
  if (!location || location.account !== ctx.accountId) return { failureReason: 'PCA_RESOURCE_NOT_FOUND' };
  const ca = findAuthority(ctx.env.stateOf<AcmPcaState>('acm-pca', location.region), request.caArn, now.getTime());
  if (!ca) return { failureReason: 'PCA_RESOURCE_NOT_FOUND' };
  // The requested key's family (RSA or EC) must match the CA's key.
  if (keyAlgorithmFamily(request.keyAlgorithm) !== keyAlgorithmFamily(ca.configuration.KeyAlgorithm)) {
    return { failureReason: 'PCA_INVALID_ARGS' };
  }

  const privateKeyPem = generatePrivateKeyPem(request.keyAlgorithm);
  const subject = new x509.Name(request.domainName.length <= MAX_COMMON_NAME ? `CN=${request.domainName}` : '');
  try {
    const issued = await issue({
      ca,
      publicKey: await x509.PublicKey.create(publicKeyDerOf(privateKeyPem)),
      subject,
      subjectAlternativeNames: request.subjectAlternativeNames.map((value) => ({ type: 'dns' as const, value })),
      template: templateByName(TEMPLATE)!,
      signingAlgorithm: ca.configuration.SigningAlgorithm,
      notBefore: new Date(now.getTime() - 60 * 60 * 1000),
      notAfter: new Date(now.getTime() + PRIVATE_CERTIFICATE_VALIDITY_MS),
      now,
      readyDelayMs: 0,
    });
    const certificate = new x509.X509Certificate(issued.pem);
    return {
      version: {
        certificatePem: issued.pem,
        chainPem: issued.chainPem ?? '',
        privateKeyPem,
        serial: issued.serial,
        notBefore: certificate.notBefore.getTime(),
        notAfter: certificate.notAfter.getTime(),
        issuedAt: request.readyAt,
        issuerName: certificate.issuerName.getField('CN')[0] ?? certificate.issuer,
      },
    };
  } catch (err) {
    if (err instanceof AwsError) return { failureReason: FAILURE_REASON_OF[err.type] ?? 'PCA_REQUEST_FAILED' };
    throw err;
  }
}
