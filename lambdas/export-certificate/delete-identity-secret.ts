import { DeleteSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { awsCall, AwsCallError } from '../../lib/aws/aws-call-error.js';
import type { ExportClients } from '../../lib/identity/export-identity.js';
import { SECRET_ID_PREFIX } from '../../lib/vocabulary.js';
import type { Logger } from '../../lib/logger.js';
import { TAG_IDENTITY } from '../../lib/secret-schema/tags.js';

/** Secrets deleted with the stack stay recoverable for this long. */
export const DELETE_RECOVERY_WINDOW_DAYS = 7;

export interface DeleteOutcome {
  deleted: boolean;
  /** Why the secret was left alone (reported to CloudFormation and logged). */
  reason?: string;
}

/**
 * A custom resource Delete with `DeleteSecretOnDelete`: deletes the secret
 * only when it is the one pca-mtls created for this identity — its
 * `pca-mtls:identity` tag names the resource's `Identity` and its name is the
 * resource's `SecretId` (default `pca-mtls/<identity>`). A PhysicalResourceId
 * that was edited, or reused for some other secret, is left alone and
 * reported: a stack deletion must never take a secret it did not create.
 */
export async function deleteIdentitySecret(
  clients: Pick<ExportClients, 'secrets'>,
  log: Logger,
  secretArn: string,
  properties: Record<string, unknown>,
): Promise<DeleteOutcome> {
  const identity = typeof properties.Identity === 'string' ? properties.Identity : '';
  const expectedName =
    typeof properties.SecretId === 'string' && properties.SecretId
      ? properties.SecretId
      : `${SECRET_ID_PREFIX}${identity}`;
  let described;
  try {
    described = await awsCall('secretsmanager:DescribeSecret', () =>
      clients.secrets.send(new DescribeSecretCommand({ SecretId: secretArn })),
    );
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'AWS_NOT_FOUND') return { deleted: false, reason: 'already gone' };
    throw err;
  }
  const taggedIdentity = described.Tags?.find((tag) => tag.Key === TAG_IDENTITY)?.Value;
  const problems = [
    ...(identity && taggedIdentity === identity
      ? []
      : [
          `its ${TAG_IDENTITY} tag is ${taggedIdentity === undefined ? 'missing' : `'${taggedIdentity}'`}, not '${identity}'`,
        ]),
    ...(described.Name === expectedName || described.ARN === expectedName
      ? []
      : [`its name is '${described.Name}', not '${expectedName}'`]),
    ...(described.DeletedDate ? ['it is already scheduled for deletion'] : []),
  ];
  if (problems.length > 0) {
    const reason = `secret ${described.ARN ?? secretArn} left in place: ${problems.join('; ')} — pca-mtls deletes only the secret it created for this identity`;
    log.warn(
      { secretArn: described.ARN ?? secretArn, identity, problems },
      'DeleteSecretOnDelete: not our secret, left alone',
    );
    return { deleted: false, reason };
  }
  await awsCall('secretsmanager:DeleteSecret', () =>
    clients.secrets.send(
      new DeleteSecretCommand({
        SecretId: described.ARN ?? secretArn,
        RecoveryWindowInDays: DELETE_RECOVERY_WINDOW_DAYS,
      }),
    ),
  );
  log.info({ secretArn: described.ARN }, 'identity secret scheduled for deletion with the stack');
  return { deleted: true };
}
