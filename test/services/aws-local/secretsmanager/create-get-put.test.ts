import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import t from 'tap';
import { STATE_FILE_NAME } from '../../../../services/aws-local/core/state-store.ts';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';

const TOKEN_1 = 'a'.repeat(32);
const TOKEN_2 = 'b'.repeat(40);
const identity = (serial: string) => JSON.stringify({ schema: 'pca-mtls/v1', identity: 'colorteller', serial });

async function setup(t: Teardown) {
  const local = await startTestAwsLocal(t);
  return { local, client: new SecretsManagerClient(local.clientConfig) };
}

t.test('CreateSecret gives an ARN with a 6-character suffix and the token as first VersionId', async (t) => {
  const { client } = await setup(t);
  const out = await client.send(
    new CreateSecretCommand({
      Name: 'pca-mtls/colorteller',
      SecretString: identity('01'),
      ClientRequestToken: TOKEN_1,
      Description: 'colorteller identity',
      KmsKeyId: 'alias/pca-mtls',
      Tags: [{ Key: 'pca-mtls:identity', Value: 'colorteller' }],
    }),
  );
  t.match(out.ARN, /^arn:aws:secretsmanager:us-east-1:000000000000:secret:pca-mtls\/colorteller-[A-Za-z0-9]{6}$/);
  t.equal(out.Name, 'pca-mtls/colorteller');
  t.equal(out.VersionId, TOKEN_1);

  const value = await client.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorteller' }));
  t.equal(value.ARN, out.ARN);
  t.equal(value.SecretString, identity('01'));
  t.equal(value.VersionId, TOKEN_1);
  t.same(value.VersionStages, ['AWSCURRENT']);
  t.ok(value.CreatedDate instanceof Date);

  const byArn = await client.send(new GetSecretValueCommand({ SecretId: out.ARN }));
  t.equal(byArn.VersionId, TOKEN_1, 'a full ARN finds the secret');
  const partial = out.ARN!.slice(0, -7);
  const byPartial = await client.send(new GetSecretValueCommand({ SecretId: partial }));
  t.equal(byPartial.VersionId, TOKEN_1, 'a partial ARN (without -xxxxxx) finds it too');

  const described = await client.send(new DescribeSecretCommand({ SecretId: out.ARN }));
  t.equal(described.Description, 'colorteller identity');
  t.equal(described.KmsKeyId, 'alias/pca-mtls');
  t.equal(described.RotationEnabled, false);
  t.same(described.Tags, [{ Key: 'pca-mtls:identity', Value: 'colorteller' }]);
  t.same(described.VersionIdsToStages, { [TOKEN_1]: ['AWSCURRENT'] });
  t.ok(described.CreatedDate instanceof Date && described.LastChangedDate instanceof Date);
  const accessed = described.LastAccessedDate!;
  t.equal(accessed.getTime() % 86_400_000, 0, 'LastAccessedDate is a date without time, as AWS rounds it');
  t.equal(described.DeletedDate, undefined);
});

t.test('SecretBinary round-trips as bytes', async (t) => {
  const { client } = await setup(t);
  const bytes = new Uint8Array([0, 1, 2, 250, 255]);
  await client.send(new CreateSecretCommand({ Name: 'bin', SecretBinary: bytes }));
  const out = await client.send(new GetSecretValueCommand({ SecretId: 'bin' }));
  t.same(Buffer.from(out.SecretBinary!), Buffer.from(bytes));
  t.equal(out.SecretString, undefined);
});

t.test('CreateSecret without a value has no version until the first put, which becomes AWSCURRENT', async (t) => {
  const { client } = await setup(t);
  const created = await client.send(new CreateSecretCommand({ Name: 'empty' }));
  t.equal(created.VersionId, undefined);
  await t.rejects(client.send(new GetSecretValueCommand({ SecretId: 'empty' })), {
    name: 'ResourceNotFoundException',
    message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
  });
  const put = await client.send(
    new PutSecretValueCommand({
      SecretId: 'empty',
      SecretString: 'v1',
      ClientRequestToken: TOKEN_1,
      VersionStages: ['CUSTOM'],
    }),
  );
  t.same(put.VersionStages?.sort(), ['AWSCURRENT', 'CUSTOM'], 'the first version always gets AWSCURRENT');
});

t.test('CreateSecret token idempotency and name conflicts', async (t) => {
  const { client } = await setup(t);
  const first = await client.send(
    new CreateSecretCommand({ Name: 'idem', SecretString: 'same', ClientRequestToken: TOKEN_1 }),
  );
  const again = await client.send(
    new CreateSecretCommand({ Name: 'idem', SecretString: 'same', ClientRequestToken: TOKEN_1 }),
  );
  t.same(again, { ...again, ARN: first.ARN, VersionId: TOKEN_1 }, 'same token + same value returns the same secret');
  const changed = await client
    .send(new CreateSecretCommand({ Name: 'idem', SecretString: 'other', ClientRequestToken: TOKEN_1 }))
    .catch((e) => e);
  t.equal(changed.name, 'ResourceExistsException');
  t.equal(
    changed.message,
    `You can't use ClientRequestToken ${TOKEN_1} because that value is already in use for a version of secret ${first.ARN}.`,
  );
  t.notMatch(changed.message, /other/, 'the value never appears in the error');
  await t.rejects(client.send(new CreateSecretCommand({ Name: 'idem', SecretString: 'same' })), {
    name: 'ResourceExistsException',
    message: 'The operation failed because the secret idem already exists.',
  });
});

t.test('CreateSecret input checks', async (t) => {
  const { client } = await setup(t);
  await t.rejects(client.send(new CreateSecretCommand({ Name: 'bad name?', SecretString: 'x' })), {
    name: 'ValidationException',
    message: 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
  });
  const both = await client
    .send(new CreateSecretCommand({ Name: 'both', SecretString: 'hunter2', SecretBinary: new Uint8Array([1]) }))
    .catch((e) => e);
  t.equal(both.name, 'InvalidParameterException');
  t.equal(both.message, "You can't specify both a binary secret value and a string secret value in the same secret.");
  await t.rejects(
    client.send(new CreateSecretCommand({ Name: 'short', SecretString: 'x', ClientRequestToken: 'short' })),
    {
      name: 'ValidationException',
      message:
        /at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32/,
    },
  );
  // 65,536 bytes is the limit: accepted at the limit, refused one byte over, in bytes (not characters).
  await client.send(new CreateSecretCommand({ Name: 'max', SecretString: 'x'.repeat(65_536) }));
  const tooBig = await client
    .send(new CreateSecretCommand({ Name: 'big', SecretString: 'é'.repeat(32_769) }))
    .catch((e) => e);
  t.equal(tooBig.name, 'ValidationException');
  t.equal(
    tooBig.message,
    "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536",
  );
  const tooBigBinary = await client
    .send(new CreateSecretCommand({ Name: 'bigbin', SecretBinary: new Uint8Array(65_537) }))
    .catch((e) => e);
  t.equal(tooBigBinary.name, 'ValidationException');
  t.match(tooBigBinary.message, /^1 validation error detected: Value at 'secretBinary'/);
  await t.rejects(client.send(new GetSecretValueCommand({ SecretId: 'big' })), {
    name: 'ResourceNotFoundException',
    message: "Secrets Manager can't find the specified secret.",
  });
  await t.rejects(
    client.send(
      new CreateSecretCommand({ Name: 'replica', SecretString: 'x', AddReplicaRegions: [{ Region: 'eu-west-1' }] }),
    ),
    { name: 'InvalidRequestException' },
  );
});

t.test('PutSecretValue: AWSPREVIOUS after a second put, token idempotency, custom stages', async (t) => {
  const { client, local } = await setup(t);
  await client.send(
    new CreateSecretCommand({ Name: 'rot', SecretString: identity('01'), ClientRequestToken: TOKEN_1 }),
  );
  const put = await client.send(
    new PutSecretValueCommand({ SecretId: 'rot', SecretString: identity('02'), ClientRequestToken: TOKEN_2 }),
  );
  t.same(put.VersionStages, ['AWSCURRENT']);
  t.equal(put.VersionId, TOKEN_2);

  const current = await client.send(new GetSecretValueCommand({ SecretId: 'rot' }));
  t.equal(current.SecretString, identity('02'));
  const previous = await client.send(new GetSecretValueCommand({ SecretId: 'rot', VersionStage: 'AWSPREVIOUS' }));
  t.equal(previous.SecretString, identity('01'));
  t.equal(previous.VersionId, TOKEN_1);
  const byId = await client.send(new GetSecretValueCommand({ SecretId: 'rot', VersionId: TOKEN_1 }));
  t.same(byId.VersionStages, ['AWSPREVIOUS']);

  // Same token + same value: a retry, nothing changes, still one version for that token.
  const retry = await client.send(
    new PutSecretValueCommand({ SecretId: 'rot', SecretString: identity('02'), ClientRequestToken: TOKEN_2 }),
  );
  t.equal(retry.VersionId, TOKEN_2);
  t.same(retry.VersionStages, ['AWSCURRENT']);
  const described = await client.send(new DescribeSecretCommand({ SecretId: 'rot' }));
  t.same(described.VersionIdsToStages, { [TOKEN_1]: ['AWSPREVIOUS'], [TOKEN_2]: ['AWSCURRENT'] }, 'no third version');

  const conflict = await client
    .send(
      new PutSecretValueCommand({ SecretId: 'rot', SecretString: 'hunter2-different', ClientRequestToken: TOKEN_2 }),
    )
    .catch((e) => e);
  t.equal(conflict.name, 'ResourceExistsException');
  t.match(conflict.message, `You can't use ClientRequestToken ${TOKEN_2}`);
  t.notMatch(conflict.message, /hunter2/);

  // A version put with its own label leaves AWSCURRENT where it is.
  const staged = await client.send(
    new PutSecretValueCommand({
      SecretId: 'rot',
      SecretString: 'pending',
      ClientRequestToken: 'c'.repeat(32),
      VersionStages: ['AWSPENDING'],
    }),
  );
  t.same(staged.VersionStages, ['AWSPENDING']);
  t.equal((await client.send(new GetSecretValueCommand({ SecretId: 'rot' }))).VersionId, TOKEN_2);
  await t.rejects(
    client.send(new GetSecretValueCommand({ SecretId: 'rot', VersionId: TOKEN_1, VersionStage: 'AWSCURRENT' })),
    {
      name: 'InvalidRequestException',
      message: 'You provided a VersionStage that is not associated to the provided VersionId.',
    },
  );
  await t.rejects(client.send(new GetSecretValueCommand({ SecretId: 'rot', VersionId: 'd'.repeat(32) })), {
    name: 'ResourceNotFoundException',
    message: `Secrets Manager can't find the specified secret value for VersionId: ${'d'.repeat(32)}`,
  });
  await t.rejects(client.send(new PutSecretValueCommand({ SecretId: 'nope', SecretString: 'x' })), {
    name: 'ResourceNotFoundException',
  });
  await t.rejects(client.send(new PutSecretValueCommand({ SecretId: 'rot' })), { name: 'InvalidParameterException' });

  // The state file is "the AWS side": values live there, readable by its owner only.
  const file = join(local.stateDir, STATE_FILE_NAME);
  t.equal((await stat(file)).mode & 0o777, 0o600);
  const db = new DatabaseSync(file, { readOnly: true });
  t.teardown(() => db.close());
  const rows = db.prepare("SELECT count(*) AS n FROM entries WHERE value LIKE '%pending%'").get() as { n: number };
  t.equal(rows.n, 1, 'the value is in the state database');
});

t.test('without a ClientRequestToken every put is a new version (the SDK makes one up)', async (t) => {
  const { client } = await setup(t);
  await client.send(new CreateSecretCommand({ Name: 's', SecretString: 'v1' }));
  const a = await client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'v2' }));
  const b = await client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'v2' }));
  t.not(a.VersionId, b.VersionId);
  t.match(a.VersionId, /^[0-9a-f-]{36}$/);
});
