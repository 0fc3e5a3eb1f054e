import {
  BatchGetSecretValueCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { awsCall, AwsCallError, toAwsCallError } from '../../lib/aws/aws-call-error.ts';
import { AgentError } from './errors.ts';
import { retryThrottled } from '../../lib/aws/throttle-retry.ts';

/** The agent reads Secrets Manager only. */
export interface AgentClients {
  readonly secrets: SecretsManagerClient;
  /**
   * The client BatchGetSecretValue goes through, built with BATCH_ATTEMPTS
   * (the agent's own clients do); without it, `secrets`.
   */
  readonly batch?: SecretsManagerClient;
}

/**
 * BatchGetSecretValue gets one attempt: when it is throttled (its 100/s
 * account quota is shared by every task starting at once) or fails in
 * transit, the SDK's backoff would hold the agent for seconds before the
 * fallback; the per-secret reads, with their 100× higher quota and full
 * retries, are the better next step.
 */
export const BATCH_ATTEMPTS = 1;

/** One secret's AWSCURRENT value as read. `text` is secret: it never reaches a log or an error. */
export interface FetchedSecret {
  readonly secretId: string;
  readonly arn: string;
  readonly versionId: string;
  readonly text: string;
}

export interface FetchedMaterial {
  readonly identity: FetchedSecret;
  readonly trust: FetchedSecret;
  /** Secrets Manager calls it took (first attempts): 1 with BatchGetSecretValue, 3 when Batch was refused or throttled. */
  readonly calls: number;
}

export interface SecretIds {
  secretId: string;
  trustSecretId: string;
}

const BATCH = 'secretsmanager:BatchGetSecretValue';
const GET = 'secretsmanager:GetSecretValue';

/**
 * Reads the identity secret and the trust bundle in one round trip
 * (BatchGetSecretValue). A task role allowed only GetSecretValue (Batch needs
 * its own IAM action), or an endpoint without Batch, falls back to two
 * parallel GetSecretValue calls. So does a throttled Batch: its account
 * quota (100/s) is shared by every task starting at once, GetSecretValue's
 * (10,000/s) is 100× higher; those reads retry throttling with full jitter
 * (lib/aws/throttle-retry.ts). A Batch that timed out, could not connect or
 * met a server error falls back too (it had one attempt: BATCH_ATTEMPTS).
 * Every call goes through the lib clients (timeouts, bounded jittered
 * retries) and `awsCall`.
 *
 * @throws AgentError SECRET_NOT_FOUND / SECRET_EMPTY, AwsCallError (AWS_THROTTLED, AWS_ACCESS_DENIED, AWS_TIMEOUT, …)
 */
export async function fetchMaterial(clients: AgentClients, ids: SecretIds): Promise<FetchedMaterial> {
  let batch;
  try {
    batch = await awsCall(BATCH, () =>
      (clients.batch ?? clients.secrets).send(
        new BatchGetSecretValueCommand({ SecretIdList: [ids.secretId, ids.trustSecretId] }),
      ),
    );
  } catch (err) {
    if (!batchUnavailable(err) && !batchFailedInTransit(err)) throw err;
    const [identity, trust] = await Promise.all([
      retryThrottled(() => getSecret(clients, ids.secretId, '--secret-id')),
      retryThrottled(() => getSecret(clients, ids.trustSecretId, '--trust-secret-id')),
    ]);
    return { identity, trust, calls: 3 };
  }
  const pick = (secretId: string, setting: string): FetchedSecret => {
    const error = batch.Errors?.find((e) => e.SecretId === secretId);
    if (error) throw secretError(BATCH, secretId, setting, error.ErrorCode, error.Message);
    const value = batch.SecretValues?.find(
      (v) => v.Name === secretId || v.ARN === secretId || (secretId.startsWith('arn:') && v.ARN?.startsWith(secretId)),
    );
    if (!value)
      throw new AgentError(
        'SECRET_NOT_FOUND',
        `secret ${secretId} (${setting}) was not in the BatchGetSecretValue answer; check the name and AWS_REGION`,
      );
    return toFetched(secretId, setting, value);
  };
  return { identity: pick(ids.secretId, '--secret-id'), trust: pick(ids.trustSecretId, '--trust-secret-id'), calls: 1 };
}

/** Batch is missing from the role's policy or the endpoint: the per-secret reads may still be allowed. */
function batchUnavailable(err: unknown): boolean {
  if (!(err instanceof AwsCallError)) return false;
  if (err.code === 'AWS_ACCESS_DENIED') return true;
  return err.awsErrorName === 'UnknownOperationException' || err.awsErrorName === 'InvalidAction';
}

/** Throttled, timed out, unreachable or a server error: worth the per-secret reads rather than failing the start. */
function batchFailedInTransit(err: unknown): boolean {
  if (!(err instanceof AwsCallError)) return false;
  if (['AWS_THROTTLED', 'AWS_TIMEOUT', 'AWS_UNREACHABLE'].includes(err.code)) return true;
  return err.awsErrorName === 'InternalServiceError' || err.awsErrorName === 'InternalFailure';
}

async function getSecret(clients: AgentClients, secretId: string, setting: string): Promise<FetchedSecret> {
  let out;
  try {
    out = await awsCall(GET, () => clients.secrets.send(new GetSecretValueCommand({ SecretId: secretId })));
  } catch (err) {
    const mapped = toAwsCallError(GET, err);
    if (mapped.code === 'AWS_NOT_FOUND')
      throw secretError(GET, secretId, setting, mapped.awsErrorName, undefined, mapped);
    throw new AwsCallError(
      mapped.code,
      GET,
      mapped.awsErrorName,
      `${mapped.message} (reading ${secretId}, ${setting})`,
      { cause: mapped },
    );
  }
  return toFetched(secretId, setting, out);
}

function toFetched(
  secretId: string,
  setting: string,
  value: { ARN?: string; VersionId?: string; SecretString?: string },
): FetchedSecret {
  if (typeof value.SecretString !== 'string' || value.SecretString.length === 0) {
    throw new AgentError(
      'SECRET_EMPTY',
      `secret ${secretId} (${setting}) holds no SecretString; pca-mtls secrets are JSON text`,
    );
  }
  return { secretId, arn: value.ARN ?? secretId, versionId: value.VersionId ?? '', text: value.SecretString };
}

function secretError(
  operation: string,
  secretId: string,
  setting: string,
  errorCode: string | undefined,
  message?: string,
  cause?: unknown,
): Error {
  if (errorCode === 'ResourceNotFoundException') {
    return new AgentError(
      'SECRET_NOT_FOUND',
      `secret ${secretId} (${setting}) was not found or has no AWSCURRENT version; check ${setting}, AWS_REGION and that the identity was exported`,
      { cause },
    );
  }
  const mapped = toAwsCallError(
    operation,
    Object.assign(new Error(message ?? errorCode ?? 'error'), { name: errorCode ?? 'Error' }),
  );
  return new AwsCallError(
    mapped.code,
    operation,
    mapped.awsErrorName,
    `${mapped.message} (reading ${secretId}, ${setting})`,
    { cause: mapped },
  );
}

/** The AWSCURRENT version id of a secret, from DescribeSecret (metadata only: cheap, and no secret value moves). */
export async function currentVersionId(clients: AgentClients, secretId: string): Promise<string | undefined> {
  const out = await awsCall('secretsmanager:DescribeSecret', () =>
    clients.secrets.send(new DescribeSecretCommand({ SecretId: secretId })),
  );
  return Object.entries(out.VersionIdsToStages ?? {}).find(([, stages]) => stages?.includes('AWSCURRENT'))?.[0];
}
