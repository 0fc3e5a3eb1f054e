import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { startTestAwsLocal } from '../../../helpers/aws-local.ts';

const DAY_S = 86_400;

t.test('delete with a recovery window, restore, delete again, purge once the clock passes DeletionDate', async (t) => {
  const local = await startTestAwsLocal(t);
  const client = new SecretsManagerClient(local.clientConfig);
  const created = await client.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'v1' }));

  const before = Date.parse((await local.control('GET', 'clock')).body.now);
  const deleted = await client.send(new DeleteSecretCommand({ SecretId: 'doomed', RecoveryWindowInDays: 7 }));
  t.equal(deleted.ARN, created.ARN);
  const expected = before + 7 * DAY_S * 1000;
  t.ok(
    Math.abs(deleted.DeletionDate!.getTime() - expected) < 60_000,
    'DeletionDate is 7 days out on the emulated clock',
  );

  const read = await client.send(new GetSecretValueCommand({ SecretId: 'doomed' })).catch((e) => e);
  t.equal(read.name, 'InvalidRequestException');
  t.equal(read.message, "You can't perform this operation on the secret because it was marked for deletion.");
  await t.rejects(client.send(new PutSecretValueCommand({ SecretId: 'doomed', SecretString: 'x' })), {
    name: 'InvalidRequestException',
  });
  await t.rejects(client.send(new DeleteSecretCommand({ SecretId: 'doomed' })), { name: 'InvalidRequestException' });
  const recreate = await client.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'v2' })).catch((e) => e);
  t.equal(recreate.name, 'InvalidRequestException');
  t.equal(
    recreate.message,
    "You can't create this secret because a secret with this name is already scheduled for deletion.",
  );
  const described = await client.send(new DescribeSecretCommand({ SecretId: 'doomed' }));
  t.ok(described.DeletedDate instanceof Date, 'DescribeSecret still works and shows DeletedDate');
  t.same((await client.send(new ListSecretsCommand({}))).SecretList, []);

  const restored = await client.send(new RestoreSecretCommand({ SecretId: 'doomed' }));
  t.equal(restored.Name, 'doomed');
  t.equal((await client.send(new GetSecretValueCommand({ SecretId: 'doomed' }))).SecretString, 'v1');
  t.equal((await client.send(new DescribeSecretCommand({ SecretId: 'doomed' }))).DeletedDate, undefined);

  // Default window: 30 days. Six days later it is still recoverable; after 30 it is gone.
  const again = await client.send(new DeleteSecretCommand({ SecretId: 'doomed' }));
  const window = (again.DeletionDate!.getTime() - Date.parse((await local.control('GET', 'clock')).body.now)) / 1000;
  t.ok(Math.abs(window - 30 * DAY_S) < 60);
  await local.control('POST', 'clock', { advanceSeconds: 29 * DAY_S });
  t.ok((await client.send(new DescribeSecretCommand({ SecretId: 'doomed' }))).DeletedDate, 'day 29: still there');
  await local.control('POST', 'clock', { advanceSeconds: DAY_S + 60 });
  await t.rejects(client.send(new DescribeSecretCommand({ SecretId: 'doomed' })), {
    name: 'ResourceNotFoundException',
    message: "Secrets Manager can't find the specified secret.",
  });
  await t.rejects(client.send(new RestoreSecretCommand({ SecretId: 'doomed' })), { name: 'ResourceNotFoundException' });
  t.same((await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }))).SecretList, []);
  const fresh = await client.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'new life' }));
  t.not(fresh.ARN, created.ARN, 'the name is free again, with a new ARN suffix');
});

t.test('ForceDeleteWithoutRecovery removes at once; parameter checks', async (t) => {
  const local = await startTestAwsLocal(t);
  const client = new SecretsManagerClient(local.clientConfig);
  await client.send(new CreateSecretCommand({ Name: 'gone', SecretString: 'v1' }));
  await t.rejects(client.send(new DeleteSecretCommand({ SecretId: 'gone', RecoveryWindowInDays: 6 })), {
    name: 'InvalidParameterException',
    message: 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
  });
  await t.rejects(client.send(new DeleteSecretCommand({ SecretId: 'gone', RecoveryWindowInDays: 31 })), {
    name: 'InvalidParameterException',
  });
  await t.rejects(
    client.send(
      new DeleteSecretCommand({ SecretId: 'gone', RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true }),
    ),
    {
      name: 'InvalidParameterException',
      message: "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    },
  );
  const out = await client.send(new DeleteSecretCommand({ SecretId: 'gone', ForceDeleteWithoutRecovery: true }));
  t.ok(out.DeletionDate instanceof Date);
  await t.rejects(client.send(new DescribeSecretCommand({ SecretId: 'gone' })), { name: 'ResourceNotFoundException' });
  await client.send(new CreateSecretCommand({ Name: 'gone', SecretString: 'v2' }));
  await t.rejects(client.send(new DeleteSecretCommand({ SecretId: 'never-was' })), {
    name: 'ResourceNotFoundException',
  });
});

t.test('TagResource adds and overwrites, UntagResource removes, ListSecrets sees the change', async (t) => {
  const local = await startTestAwsLocal(t);
  const client = new SecretsManagerClient(local.clientConfig);
  const { ARN } = await client.send(
    new CreateSecretCommand({ Name: 'tagged', SecretString: 'v', Tags: [{ Key: 'pca-mtls:identity', Value: 'old' }] }),
  );
  await client.send(
    new TagResourceCommand({
      SecretId: ARN,
      Tags: [
        { Key: 'pca-mtls:identity', Value: 'colorteller' },
        { Key: 'pca-mtls:ecs-services', Value: 'demo/colorteller demo/colorteller-blue' },
      ],
    }),
  );
  t.same((await client.send(new DescribeSecretCommand({ SecretId: 'tagged' }))).Tags, [
    { Key: 'pca-mtls:identity', Value: 'colorteller' },
    { Key: 'pca-mtls:ecs-services', Value: 'demo/colorteller demo/colorteller-blue' },
  ]);
  const found = await client.send(new ListSecretsCommand({ Filters: [{ Key: 'tag-value', Values: ['colorteller'] }] }));
  t.equal(found.SecretList!.length, 1);
  await client.send(new UntagResourceCommand({ SecretId: 'tagged', TagKeys: ['pca-mtls:identity', 'not-there'] }));
  t.same((await client.send(new DescribeSecretCommand({ SecretId: 'tagged' }))).Tags, [
    { Key: 'pca-mtls:ecs-services', Value: 'demo/colorteller demo/colorteller-blue' },
  ]);
  await client.send(new UntagResourceCommand({ SecretId: 'tagged', TagKeys: ['pca-mtls:ecs-services'] }));
  t.equal(
    (await client.send(new DescribeSecretCommand({ SecretId: 'tagged' }))).Tags,
    undefined,
    'no tags: member omitted',
  );
  await t.rejects(client.send(new TagResourceCommand({ SecretId: 'missing', Tags: [{ Key: 'a', Value: 'b' }] })), {
    name: 'ResourceNotFoundException',
  });
  const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  await t.rejects(client.send(new TagResourceCommand({ SecretId: 'tagged', Tags: many })), {
    name: 'InvalidParameterException',
  });
});

t.test('state survives a restart: secrets, versions and the recovery window', async (t) => {
  const first = await startTestAwsLocal(t);
  const stateDir = first.stateDir;
  const client = new SecretsManagerClient(first.clientConfig);
  await client.send(new CreateSecretCommand({ Name: 'kept', SecretString: 'v1', ClientRequestToken: 'k'.repeat(32) }));
  await client.send(new CreateSecretCommand({ Name: 'leaving', SecretString: 'v1' }));
  await client.send(new DeleteSecretCommand({ SecretId: 'leaving', RecoveryWindowInDays: 7 }));
  await first.close();
  const second = await startTestAwsLocal(t, { stateDir });
  const client2 = new SecretsManagerClient(second.clientConfig);
  const value = await client2.send(new GetSecretValueCommand({ SecretId: 'kept' }));
  t.equal(value.VersionId, 'k'.repeat(32));
  t.ok((await client2.send(new DescribeSecretCommand({ SecretId: 'leaving' }))).DeletedDate);
  await second.control('POST', 'clock', { advanceSeconds: 8 * DAY_S });
  await t.rejects(client2.send(new DescribeSecretCommand({ SecretId: 'leaving' })), {
    name: 'ResourceNotFoundException',
  });
});
