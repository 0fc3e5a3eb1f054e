import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  TagResourceCommand,
  UpdateSecretVersionStageCommand,
  type DescribeSecretResponse,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { createHash } from 'node:crypto';
import { awsCall, AwsCallError } from '../aws/aws-call-error.ts';
import { IDENTITY_SCHEMA, serializeIdentitySecret, type IdentitySecret } from '../secret-schema/identity-secret.ts';
import { ROLL_STAGE, TAG_IDENTITY } from '../secret-schema/tags.ts';
import { ExportError } from './errors.ts';

export interface StoreRequest {
  secretId: string;
  secret: IdentitySecret;
  tags: Record<string, string>;
  kmsKeyId?: string;
  /** Overrides the per-serial token (see ExportRequest.versionToken). */
  versionToken?: string;
  /**
   * The caller's DescribeSecret answer from moments ago (`null`: the secret did
   * not exist), so the store does not ask again; omitted, the store asks.
   */
  described?: DescribeSecretResponse | null;
}

export interface StoreResult {
  secretArn: string;
  versionId: string;
  /** False when this identity and serial were already stored (a re-run): nothing new was written. */
  created: boolean;
  /** True when this call created the secret: the version is the identity's first. */
  firstVersion: boolean;
}

/**
 * One version per certificate: the token (which becomes the VersionId) is
 * derived from identity and serial, so a re-run, a replayed event or a
 * concurrent export of the same certificate never adds a version.
 */
export function versionTokenFor(identity: string, serial: string): string {
  return createHash('sha256').update(`pca-mtls/v1|${identity}|${serial}`).digest('hex');
}

/** DescribeSecret, or undefined when the secret does not exist. */
export async function describeSecret(
  secrets: SecretsManagerClient,
  secretId: string,
): Promise<DescribeSecretResponse | undefined> {
  try {
    return await awsCall('secretsmanager:DescribeSecret', () =>
      secrets.send(new DescribeSecretCommand({ SecretId: secretId })),
    );
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'AWS_NOT_FOUND') return undefined;
    throw err;
  }
}

/** Refuses to put our material into a secret that holds something else. */
async function assertOurs(secrets: SecretsManagerClient, secretId: string, identity: string): Promise<void> {
  let text: string | undefined;
  try {
    text = (
      await awsCall('secretsmanager:GetSecretValue', () =>
        secrets.send(new GetSecretValueCommand({ SecretId: secretId })),
      )
    ).SecretString;
  } catch (err) {
    // A secret with no AWSCURRENT version yet holds nothing to protect.
    if (err instanceof AwsCallError && err.code === 'AWS_NOT_FOUND') return;
    throw err;
  }
  let parsed: { schema?: unknown; identity?: unknown } | undefined;
  try {
    parsed = text === undefined ? undefined : (JSON.parse(text) as typeof parsed);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.schema !== IDENTITY_SCHEMA) {
    throw new ExportError(
      'FOREIGN_SECRET',
      `secret ${secretId} exists and does not hold a ${IDENTITY_SCHEMA} identity; refusing to overwrite it. Choose another --secret-id or move the secret away`,
    );
  }
  if (parsed.identity !== identity) {
    throw new ExportError(
      'IDENTITY_MISMATCH',
      `secret ${secretId} belongs to identity '${String(parsed.identity)}', not '${identity}'`,
    );
  }
}

function isAlreadyExists(err: unknown): boolean {
  return err instanceof AwsCallError && err.awsErrorName === 'ResourceExistsException';
}

/** Writes the identity secret (creating it if needed) and its binding tags; idempotent per serial. */
export async function storeIdentitySecret(secrets: SecretsManagerClient, request: StoreRequest): Promise<StoreResult> {
  const { secretId, secret } = request;
  const token = request.versionToken ?? versionTokenFor(secret.identity, secret.serial);
  const secretString = serializeIdentitySecret(secret);
  const tagList = Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value }));

  let existing =
    request.described === undefined ? await describeSecret(secrets, secretId) : (request.described ?? undefined);
  if (!existing) {
    try {
      const created = await awsCall('secretsmanager:CreateSecret', () =>
        secrets.send(
          new CreateSecretCommand({
            Name: secretId,
            Description: `pca-mtls identity ${secret.identity} (certificate and encrypted key)`,
            SecretString: secretString,
            ClientRequestToken: token,
            KmsKeyId: request.kmsKeyId,
            Tags: tagList,
          }),
        ),
      );
      return { secretArn: created.ARN!, versionId: created.VersionId!, created: true, firstVersion: true };
    } catch (err) {
      // Created concurrently (by a parallel export of the same identity): continue as an update.
      if (!isAlreadyExists(err)) throw err;
      existing = await describeSecret(secrets, secretId);
      if (!existing) throw err;
    }
  }
  if (existing.DeletedDate) {
    throw new ExportError(
      'SECRET_SCHEDULED_FOR_DELETION',
      `secret ${secretId} is scheduled for deletion; restore it (RestoreSecret) or choose another --secret-id`,
    );
  }
  const secretArn = existing.ARN!;
  let created = false;
  if (!existing.VersionIdsToStages?.[token]) {
    // Our identity tag says whose it is (only pca-mtls sets it); without it, read the value to be sure.
    if (!existing.Tags?.some((tag) => tag.Key === TAG_IDENTITY && tag.Value === secret.identity))
      await assertOurs(secrets, secretArn, secret.identity);
    try {
      await awsCall('secretsmanager:PutSecretValue', () =>
        secrets.send(
          new PutSecretValueCommand({ SecretId: secretArn, SecretString: secretString, ClientRequestToken: token }),
        ),
      );
      created = true;
    } catch (err) {
      // The same serial was written concurrently with a different passphrase: that version stands.
      if (!isAlreadyExists(err)) throw err;
    }
  }
  await tagSecret(secrets, secretArn, request.tags, existing.Tags);
  return { secretArn, versionId: token, created, firstVersion: false };
}

/** Puts the roll label on a new secret's first version (see ROLL_STAGE): its services already run it. */
export async function markFirstVersionRolled(
  secrets: SecretsManagerClient,
  secretArn: string,
  versionId: string,
): Promise<void> {
  await awsCall('secretsmanager:UpdateSecretVersionStage', () =>
    secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretArn,
        VersionStage: ROLL_STAGE,
        MoveToVersionId: versionId,
      }),
    ),
  );
}

/**
 * Sets the binding tags (identity, certificate, ECS services, rotation mode);
 * others are kept. Given the secret's current tags, it calls AWS only when
 * one of ours differs.
 */
export async function tagSecret(
  secrets: SecretsManagerClient,
  secretId: string,
  tags: Record<string, string>,
  current?: readonly { Key?: string; Value?: string }[],
): Promise<void> {
  const have = new Map((current ?? []).map((tag) => [tag.Key, tag.Value ?? '']));
  if (current && Object.entries(tags).every(([key, value]) => have.get(key) === value)) return;
  const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  await awsCall('secretsmanager:TagResource', () => secrets.send(new TagResourceCommand({ SecretId: secretId, Tags })));
}
