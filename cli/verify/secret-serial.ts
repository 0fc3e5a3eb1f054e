import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsCall } from '../../lib/aws/aws-call-error.ts';
import { PcaMtlsError } from '../../lib/errors.ts';
import { parseCertificate } from '../../lib/pki/index.ts';
import { readIdentityMaterial } from '../../lib/secret-schema/identity-secret.ts';
import { normalizeSerial } from '../../lib/serial.ts';
import { SecretUnreadableError } from './errors.ts';

/**
 * The serial of the certificate an identity secret holds now (AWSCURRENT),
 * in either secret format. Only the serial leaves this function; errors name
 * the secret and the field, never its content.
 */
export async function currentSecretSerial(secrets: SecretsManagerClient, secretId: string): Promise<string> {
  try {
    const out = await awsCall('secretsmanager:GetSecretValue', () =>
      secrets.send(new GetSecretValueCommand({ SecretId: secretId })),
    );
    if (out.SecretString === undefined) throw new PcaMtlsError('SECRET_NOT_TEXT', 'the secret has no SecretString');
    const material = readIdentityMaterial(out.SecretString, secretId);
    return normalizeSerial(material.secret?.serial ?? parseCertificate(material.certificate).serial);
  } catch (err) {
    throw new SecretUnreadableError(secretId, (err as Error).message, { cause: err });
  }
}
