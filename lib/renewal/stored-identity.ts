import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsCall } from '../aws/aws-call-error.js';
import type { Role } from '../vocabulary.js';
import { EKU, parseCertificate, type ParsedCertificate } from '../pki/index.js';
import { parseIdentitySecret, type IdentitySecret } from '../secret-schema/identity-secret.js';

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
