import { DescribeCertificateAuthorityCommand, type ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { awsCall, AwsCallError } from '../aws/aws-call-error.ts';
import type { KeyAlgorithm } from '../private-ca/signing-algorithm.ts';
import { ExportError } from './errors.ts';

export interface UsableCa {
  caArn: string;
  keyAlgorithm: string;
  usageMode: 'GENERAL_PURPOSE' | 'SHORT_LIVED_CERTIFICATE';
}

function keyFamily(algorithm: string): string {
  return algorithm.startsWith('EC_') ? 'EC' : algorithm.startsWith('RSA_') ? 'RSA' : algorithm;
}

/**
 * Checks up front what AWS would refuse later, so the user reads one clear
 * reason before anything is requested: the CA exists, is ACTIVE, and (for
 * ACM) is GENERAL_PURPOSE with the certificate's key family.
 */
export async function describeUsableCa(
  pca: ACMPCAClient,
  caArn: string,
  purpose: { viaAcm: boolean; keyAlgorithm: KeyAlgorithm },
): Promise<UsableCa> {
  let ca;
  try {
    ca = (
      await awsCall('acm-pca:DescribeCertificateAuthority', () =>
        pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: caArn })),
      )
    ).CertificateAuthority;
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'AWS_NOT_FOUND') {
      throw new ExportError('CA_NOT_FOUND', `Private CA ${caArn} does not exist in this account and region`, {
        cause: err,
      });
    }
    throw err;
  }
  if (!ca) throw new ExportError('CA_NOT_FOUND', `Private CA ${caArn} does not exist in this account and region`);
  if (ca.Status !== 'ACTIVE') {
    throw new ExportError(
      'CA_NOT_ACTIVE',
      `Private CA ${caArn} is ${ca.Status}, not ACTIVE; it cannot issue certificates`,
    );
  }
  const usageMode = ca.UsageMode ?? 'GENERAL_PURPOSE';
  const caKey = ca.CertificateAuthorityConfiguration?.KeyAlgorithm ?? 'unknown';
  if (purpose.viaAcm) {
    if (usageMode !== 'GENERAL_PURPOSE') {
      throw new ExportError(
        'CA_SHORT_LIVED',
        `Private CA ${caArn} is a short-lived-certificate CA; ACM cannot issue from it. Use source 'pca' for short-lived certificates`,
      );
    }
    if (keyFamily(caKey) !== keyFamily(purpose.keyAlgorithm)) {
      throw new ExportError(
        'CA_KEY_FAMILY_MISMATCH',
        `ACM needs the certificate's key family to match the CA's: the CA key is ${caKey}, the request asks for ${purpose.keyAlgorithm}`,
      );
    }
  }
  return { caArn, keyAlgorithm: caKey, usageMode };
}
