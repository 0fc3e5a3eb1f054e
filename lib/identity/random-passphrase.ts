import { GetRandomPasswordCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsCall } from '../aws/aws-call-error.js';

/** Long enough to be unguessable, short enough for ACM's 128-character limit. */
export const PASSPHRASE_LENGTH = 48;
/** ACM rejects passphrases containing these. */
export const PASSPHRASE_EXCLUDED_CHARACTERS = '#$%';

/** A random passphrase from Secrets Manager for encrypting one private key. */
export async function randomPassphrase(secrets: SecretsManagerClient): Promise<string> {
  const out = await awsCall('secretsmanager:GetRandomPassword', () =>
    secrets.send(
      new GetRandomPasswordCommand({
        PasswordLength: PASSPHRASE_LENGTH,
        ExcludeCharacters: PASSPHRASE_EXCLUDED_CHARACTERS,
        RequireEachIncludedType: true,
      }),
    ),
  );
  const passphrase = out.RandomPassword ?? '';
  // Defence in depth: a passphrase ACM would refuse must never reach ExportCertificate.
  if (passphrase.length < 32 || /[#$%]/.test(passphrase)) {
    throw new Error('Secrets Manager returned an unusable random password');
  }
  return passphrase;
}
