import {
  DeleteSecretCommand,
  DescribeSecretCommand,
  type DescribeSecretResponse,
} from '@aws-sdk/client-secrets-manager';
import { awsCall, AwsCallError } from '../aws/aws-call-error.ts';
import type { Logger } from '../logger.ts';
import { TAG_IDENTITY } from '../secret-schema/tags.ts';
import { SECRET_ID_PREFIX } from '../vocabulary.ts';
import type { ExportClients } from './export-types.ts';

/** Secrets deleted with the stack stay recoverable for this long. */
export const DELETE_RECOVERY_WINDOW_DAYS = 7;

export interface DeleteIdentitySecretRequest {
  /** The secret to delete, as the export returned it (its ARN). */
  secretArn: string;
  /** The identity the secret must belong to ('' when unknown: then nothing matches). */
  identity: string;
  /** The name the secret must have; default `pca-mtls/<identity>`. */
  secretId?: string;
}

export interface DeleteOutcome {
  deleted: boolean;
  /** Why the secret was left alone (reported to the caller and logged). */
  reason?: string;
}

/**
 * Deletes an identity's secret (recoverable for `DELETE_RECOVERY_WINDOW_DAYS`)
 * only when it is the one pca-mtls created for this identity: its
 * `pca-mtls:identity` tag names the identity and its name is the expected
 * `secretId`. A secret ARN that was edited, or reused for some other secret,
 * is left alone and reported: a deletion must never take a secret pca-mtls
 * did not create.
 */
export async function deleteIdentitySecret(
  clients: Pick<ExportClients, 'secrets'>,
  log: Logger,
  request: DeleteIdentitySecretRequest,
): Promise<DeleteOutcome> {
  const { secretArn, identity } = request;
  let described: DescribeSecretResponse;
  try {
    described = await awsCall('secretsmanager:DescribeSecret', () =>
      clients.secrets.send(new DescribeSecretCommand({ SecretId: secretArn })),
    );
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'AWS_NOT_FOUND') return { deleted: false, reason: 'already gone' };
    throw err;
  }
  const problems = ownershipProblems(described, identity, request.secretId || `${SECRET_ID_PREFIX}${identity}`);
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

/** Why this secret is not the identity's own pca-mtls secret (empty: it is). */
function ownershipProblems(described: DescribeSecretResponse, identity: string, expectedName: string): string[] {
  const taggedIdentity = described.Tags?.find((tag) => tag.Key === TAG_IDENTITY)?.Value;
  return [
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
}
