import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createHash } from 'node:crypto';
import { awsCall } from '../aws/aws-call-error.ts';
import type { DescribeSecretResponse } from '@aws-sdk/client-secrets-manager';
import { parseExportRequest, type ExportRequest } from '../identity/export-request.ts';
import type { Role } from '../vocabulary.ts';
import type { BoundIdentity } from './bound-identities.ts';
import { RenewalError } from './errors.ts';
import { EKU, parseCertificate, type ParsedCertificate } from '../pki/index.ts';
import { parseIdentitySecret, type IdentitySecret } from '../secret-schema/identity-secret.ts';

/** The identity's current (AWSCURRENT) material. The caller must never log it. */
export async function readStoredIdentity(secrets: SecretsManagerClient, secretArn: string): Promise<IdentitySecret> {
  const out = await awsCall('secretsmanager:GetSecretValue', () =>
    secrets.send(new GetSecretValueCommand({ SecretId: secretArn })),
  );
  return parseIdentitySecret(out.SecretString ?? '', secretArn);
}

/**
 * The role the stored certificate was verified for, read from its EKUs: a
 * renewed certificate must serve the same role, so one that lost clientAuth
 * fails verification instead of silently breaking mTLS.
 */
export function roleOf(leaf: ParsedCertificate): Role {
  if (!leaf.hasEkuExtension) return 'both';
  const server = leaf.extendedKeyUsages.includes(EKU.serverAuth);
  const client = leaf.extendedKeyUsages.includes(EKU.clientAuth);
  return server && !client ? 'server' : client && !server ? 'client' : 'both';
}

export function storedLeaf(secret: IdentitySecret): ParsedCertificate {
  return parseCertificate(secret.certificate);
}

const DAY_MS = 86_400_000;

/** The secret as its ListSecrets entry showed it, in DescribeSecret's shape: an export need not describe it again. */
export function describedFromListing(bound: BoundIdentity): DescribeSecretResponse {
  return {
    ARN: bound.secretArn,
    Name: bound.secretName,
    Tags: Object.entries(bound.tags).map(([Key, Value]) => ({ Key, Value })),
    VersionIdsToStages: bound.versionStages,
  };
}

/** Re-exporting an `acm` identity: everything comes from its tags; `role` from the tags or the stored leaf. */
export function acmReexportRequest(bound: BoundIdentity, certificateArn: string, role: Role): ExportRequest {
  return parseExportRequest({
    identity: bound.identity,
    source: 'acm',
    certificateArn,
    role,
    secretId: bound.secretName,
    ecsServices: bound.ecsServices,
    rotation: bound.rotation,
  });
}

/**
 * Re-issuing a `pca` identity from its stored certificate: same CA, names,
 * key algorithm, role and lifetime, with a version token derived from the
 * certificate it replaces (see reissueTokenFor).
 */
export function pcaReissueRequest(bound: BoundIdentity, secret: IdentitySecret): ExportRequest {
  if (!secret.caArn)
    throw new RenewalError(
      'BINDING_INCOMPLETE',
      `secret ${bound.secretName} holds a pca identity without caArn; export it again`,
    );
  const leaf = storedLeaf(secret);
  const [domain, ...sans] = leaf.dnsNames;
  if (!domain)
    throw new RenewalError(
      'NO_DNS_NAME',
      `the stored certificate of ${bound.identity} has no DNS name to re-issue for; export it again with --domain`,
    );
  const notBefore = Date.parse(secret.notBefore);
  const notAfter = Date.parse(secret.notAfter);
  return {
    ...parseExportRequest({
      identity: bound.identity,
      source: 'pca',
      caArn: secret.caArn,
      domain,
      sans,
      keyAlgorithm: secret.keyAlgorithm,
      role: roleOf(leaf),
      validityDays: Math.max(1, Math.round((notAfter - notBefore) / DAY_MS)),
      secretId: bound.secretName,
      ecsServices: bound.ecsServices,
      rotation: bound.rotation,
    }),
    versionToken: reissueTokenFor(bound.identity, secret.serial),
  };
}

/**
 * The version token of the certificate that replaces `predecessorSerial`:
 * whichever of several overlapping re-issues writes first wins, the others'
 * PutSecretValue is refused (same token, different value) and writes nothing.
 */
export function reissueTokenFor(identity: string, predecessorSerial: string): string {
  return createHash('sha256').update(`pca-mtls/v1|reissue|${identity}|${predecessorSerial}`).digest('hex');
}
