/** Access key, region and signing service read from a SigV4 `Authorization` header. */
export interface CredentialScope {
  region: string;
  signingService?: string;
  /** Who signed: IAM enforcement (iam/) restricts the keys it was given. */
  accessKeyId?: string;
}

export const DEFAULT_REGION = 'us-east-1';

// Credential=AKID/20261122/eu-west-1/acm/aws4_request
const CREDENTIAL_PATTERN = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/**
 * Any credentials are accepted (signatures are not checked: this is a local
 * endpoint), but the region in the scope decides where resources live, as it
 * does in AWS, and the access key decides whose IAM policies apply.
 */
export function parseCredentialScope(authorization: string | undefined): CredentialScope {
  const match = authorization ? CREDENTIAL_PATTERN.exec(authorization) : null;
  if (!match) return { region: DEFAULT_REGION };
  const [, accessKeyId, region = DEFAULT_REGION, signingService] = match;
  return { accessKeyId, region, signingService };
}
