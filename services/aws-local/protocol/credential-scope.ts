/** Region and signing service read from a SigV4 `Authorization` header. */
export interface CredentialScope {
  region: string;
  signingService?: string;
}

export const DEFAULT_REGION = 'us-east-1';

// Credential=AKID/20261122/eu-west-1/acm/aws4_request
const CREDENTIAL_PATTERN = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/**
 * Any credentials are accepted (this is a local endpoint), but the region in
 * the scope decides where resources live, as it does in AWS.
 */
export function parseCredentialScope(authorization: string | undefined): CredentialScope {
  const [, region, signingService] = (authorization ? CREDENTIAL_PATTERN.exec(authorization) : null) ?? [];
  if (region === undefined || signingService === undefined) return { region: DEFAULT_REGION };
  return { region, signingService };
}
