import { CreateSecretCommand, TagResourceCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsCall, AwsCallError } from '../aws/aws-call-error.ts';
import { TAG_SWEEP_CURSOR } from '../secret-schema/tags.ts';
import type { SweepStateEntry } from './bound-identities.ts';

/**
 * Where an unfinished sweep leaves its place: a tag on one small secret. The
 * sweep's own ListSecrets pass finds it (its tag key is in the same filter),
 * so reading the cursor costs no call, and writing it costs one TagResource,
 * only when a sweep stops early or a finished sweep clears it. Secrets Manager
 * is already the renew function's store (no new service, table or grant
 * beyond this one name), durable, and the secret costs $0.40 a month.
 */
export const SWEEP_STATE_SECRET = 'pca-mtls/sweep-state';
const STATE_SCHEMA = '{"schema":"pca-mtls-sweep-state/v1"}';

/** Records `cursor` (the last identity the sweep started; '' once a sweep got through everything). */
export async function saveSweepCursor(
  secrets: SecretsManagerClient,
  state: SweepStateEntry | undefined,
  cursor: string,
): Promise<void> {
  if ((state?.cursor ?? '') === cursor) return;
  const Tags = [{ Key: TAG_SWEEP_CURSOR, Value: cursor }];
  if (state) {
    await awsCall('secretsmanager:TagResource', () =>
      secrets.send(new TagResourceCommand({ SecretId: state.secretArn, Tags })),
    );
    return;
  }
  try {
    await awsCall('secretsmanager:CreateSecret', () =>
      secrets.send(
        new CreateSecretCommand({
          Name: SWEEP_STATE_SECRET,
          Description: 'pca-mtls reconcile sweep: where the last unfinished sweep stopped (tag pca-mtls:sweep-cursor)',
          SecretString: STATE_SCHEMA,
          Tags,
        }),
      ),
    );
  } catch (err) {
    // Created meanwhile (an overlapping sweep, or listed after this one's listing): tag it instead.
    if (!(err instanceof AwsCallError && err.awsErrorName === 'ResourceExistsException')) throw err;
    await awsCall('secretsmanager:TagResource', () =>
      secrets.send(new TagResourceCommand({ SecretId: SWEEP_STATE_SECRET, Tags })),
    );
  }
}

/** The due identities in sweep order: those after the cursor first, then from the start (wrapping around). */
export function orderFromCursor<T extends { identity: string }>(sorted: readonly T[], cursor: string | undefined): T[] {
  if (!cursor) return [...sorted];
  return [...sorted.filter((b) => b.identity > cursor), ...sorted.filter((b) => b.identity <= cursor)];
}
