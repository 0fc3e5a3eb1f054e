import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';

const V1 = '1'.repeat(32);
const V2 = '2'.repeat(32);
const V3 = '3'.repeat(32);

async function threeVersions(t: Teardown) {
  const local = await startTestAwsLocal(t);
  const client = new SecretsManagerClient(local.clientConfig);
  await client.send(new CreateSecretCommand({ Name: 'app', SecretString: 'one', ClientRequestToken: V1 }));
  await client.send(new PutSecretValueCommand({ SecretId: 'app', SecretString: 'two', ClientRequestToken: V2 }));
  await client.send(new PutSecretValueCommand({ SecretId: 'app', SecretString: 'three', ClientRequestToken: V3 }));
  const stages = async () => (await client.send(new DescribeSecretCommand({ SecretId: 'app' }))).VersionIdsToStages;
  return { local, client, stages };
}

t.test(
  'three puts: V1 deprecated, V2 AWSPREVIOUS, V3 AWSCURRENT; ListSecretVersionIds with and without deprecated',
  async (t) => {
    const { client, stages } = await threeVersions(t);
    t.same(await stages(), { [V2]: ['AWSPREVIOUS'], [V3]: ['AWSCURRENT'] });
    const listed = await client.send(new ListSecretVersionIdsCommand({ SecretId: 'app' }));
    t.same(
      listed.Versions!.map((v) => v.VersionId),
      [V3, V2],
      'newest first, without the deprecated one',
    );
    t.equal(listed.Name, 'app');
    t.match(listed.ARN, /:secret:app-/);
    const all = await client.send(new ListSecretVersionIdsCommand({ SecretId: 'app', IncludeDeprecated: true }));
    t.same(
      all.Versions!.map((v) => [v.VersionId, v.VersionStages]),
      [
        [V3, ['AWSCURRENT']],
        [V2, ['AWSPREVIOUS']],
        [V1, undefined],
      ],
    );
    t.ok(all.Versions!.every((v) => v.CreatedDate instanceof Date));
    const page1 = await client.send(
      new ListSecretVersionIdsCommand({ SecretId: 'app', IncludeDeprecated: true, MaxResults: 2 }),
    );
    t.equal(page1.Versions!.length, 2);
    const page2 = await client.send(
      new ListSecretVersionIdsCommand({
        SecretId: 'app',
        IncludeDeprecated: true,
        MaxResults: 2,
        NextToken: page1.NextToken,
      }),
    );
    t.same(
      page2.Versions!.map((v) => v.VersionId),
      [V1],
    );
    t.equal(page2.NextToken, undefined);
    const old = await client.send(new GetSecretValueCommand({ SecretId: 'app', VersionId: V1 }));
    t.equal(old.SecretString, 'one', 'a deprecated version can still be read by id');
    t.same(old.VersionStages, []);
  },
);

t.test('UpdateSecretVersionStage: moving AWSCURRENT needs the current holder and hands it AWSPREVIOUS', async (t) => {
  const { client, stages } = await threeVersions(t);
  const refused = await client
    .send(new UpdateSecretVersionStageCommand({ SecretId: 'app', VersionStage: 'AWSCURRENT', MoveToVersionId: V1 }))
    .catch((e) => e);
  t.equal(refused.name, 'InvalidParameterException');
  t.equal(
    refused.message,
    `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${V3}, so you must explicitly reference that version in RemoveFromVersionId.`,
  );
  await t.rejects(
    client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: 'app',
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: V1,
        RemoveFromVersionId: V2,
      }),
    ),
    { name: 'InvalidParameterException', message: `Version stage AWSCURRENT not found in version ${V2}` },
  );
  t.same(await stages(), { [V2]: ['AWSPREVIOUS'], [V3]: ['AWSCURRENT'] }, 'failed calls change nothing');

  // Roll back to V1: AWSCURRENT moves, AWSPREVIOUS follows to the version it left.
  const out = await client.send(
    new UpdateSecretVersionStageCommand({
      SecretId: 'app',
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: V1,
      RemoveFromVersionId: V3,
    }),
  );
  t.equal(out.Name, 'app');
  t.same(await stages(), { [V1]: ['AWSCURRENT'], [V3]: ['AWSPREVIOUS'] });
  t.equal((await client.send(new GetSecretValueCommand({ SecretId: 'app' }))).SecretString, 'one');

  await t.rejects(
    client.send(
      new UpdateSecretVersionStageCommand({ SecretId: 'app', VersionStage: 'AWSCURRENT', RemoveFromVersionId: V1 }),
    ),
    { name: 'InvalidParameterException', message: /AWSCURRENT .* can't be completely removed/ },
  );
  await t.rejects(
    client.send(
      new UpdateSecretVersionStageCommand({ SecretId: 'app', VersionStage: 'X', MoveToVersionId: '9'.repeat(32) }),
    ),
    { name: 'InvalidParameterException', message: `Not a valid version: ${'9'.repeat(32)}` },
  );
  await t.rejects(
    client.send(new UpdateSecretVersionStageCommand({ SecretId: 'nope', VersionStage: 'X', MoveToVersionId: V1 })),
    { name: 'ResourceNotFoundException' },
  );
});

t.test('UpdateSecretVersionStage: custom labels attach, move with RemoveFromVersionId, and detach', async (t) => {
  const { client, stages } = await threeVersions(t);
  await client.send(
    new UpdateSecretVersionStageCommand({ SecretId: 'app', VersionStage: 'BLUE', MoveToVersionId: V1 }),
  );
  t.same(
    await stages(),
    { [V1]: ['BLUE'], [V2]: ['AWSPREVIOUS'], [V3]: ['AWSCURRENT'] },
    'an unattached label just attaches',
  );
  await t.rejects(
    client.send(new UpdateSecretVersionStageCommand({ SecretId: 'app', VersionStage: 'BLUE', MoveToVersionId: V3 })),
    { name: 'InvalidParameterException', message: /Staging label BLUE is currently attached to version 1{32}/ },
  );
  await client.send(
    new UpdateSecretVersionStageCommand({
      SecretId: 'app',
      VersionStage: 'BLUE',
      MoveToVersionId: V3,
      RemoveFromVersionId: V1,
    }),
  );
  t.same(await stages(), { [V2]: ['AWSPREVIOUS'], [V3]: ['AWSCURRENT', 'BLUE'] });
  await client.send(
    new UpdateSecretVersionStageCommand({ SecretId: 'app', VersionStage: 'BLUE', RemoveFromVersionId: V3 }),
  );
  t.same(await stages(), { [V2]: ['AWSPREVIOUS'], [V3]: ['AWSCURRENT'] });
  const read = await client.send(new GetSecretValueCommand({ SecretId: 'app', VersionStage: 'BLUE' })).catch((e) => e);
  t.equal(read.name, 'ResourceNotFoundException');
  t.equal(read.message, "Secrets Manager can't find the specified secret value for staging label: BLUE");
});

t.test(
  'at 100 versions AWS refuses new ones until deprecated versions are 24 hours old, then prunes the oldest',
  async (t) => {
    const local = await startTestAwsLocal(t);
    const client = new SecretsManagerClient(local.clientConfig);
    const token = (i: number) => `v${String(i).padStart(31, '0')}`;
    await client.send(new CreateSecretCommand({ Name: 'busy', SecretString: 'v0', ClientRequestToken: token(0) }));
    for (let i = 1; i < 100; i++) {
      await client.send(
        new PutSecretValueCommand({ SecretId: 'busy', SecretString: `v${i}`, ClientRequestToken: token(i) }),
      );
    }
    const full = await client
      .send(new PutSecretValueCommand({ SecretId: 'busy', SecretString: 'v100', ClientRequestToken: token(100) }))
      .catch((e) => e);
    t.equal(full.name, 'LimitExceededException');
    t.notMatch(full.message, /v100/);

    t.equal((await local.control('POST', 'clock', { advanceSeconds: 25 * 3600 })).status, 200);
    const put = await client.send(
      new PutSecretValueCommand({ SecretId: 'busy', SecretString: 'v100', ClientRequestToken: token(100) }),
    );
    t.same(put.VersionStages, ['AWSCURRENT']);
    const all = await client.send(new ListSecretVersionIdsCommand({ SecretId: 'busy', IncludeDeprecated: true }));
    const ids = all.Versions!.map((v) => v.VersionId);
    t.equal(ids.length, 100, 'still 100 versions');
    t.notOk(ids.includes(token(0)), 'the oldest deprecated version was removed');
    t.ok(ids.includes(token(1)));
    await t.rejects(client.send(new GetSecretValueCommand({ SecretId: 'busy', VersionId: token(0) })), {
      name: 'ResourceNotFoundException',
    });
  },
);

t.test('UpdateSecret changes description and KMS key, and a value makes a new AWSCURRENT version', async (t) => {
  const { client, stages } = await threeVersions(t);
  const out = await client.send(
    new UpdateSecretCommand({ SecretId: 'app', Description: 'new words', KmsKeyId: 'alias/other' }),
  );
  t.equal(out.VersionId, undefined, 'no value, no version');
  const described = await client.send(new DescribeSecretCommand({ SecretId: 'app' }));
  t.equal(described.Description, 'new words');
  t.equal(described.KmsKeyId, 'alias/other');
  const V4 = '4'.repeat(32);
  const updated = await client.send(
    new UpdateSecretCommand({ SecretId: 'app', SecretString: 'four', ClientRequestToken: V4 }),
  );
  t.equal(updated.VersionId, V4);
  t.same(await stages(), { [V3]: ['AWSPREVIOUS'], [V4]: ['AWSCURRENT'] });
  await client.send(new UpdateSecretCommand({ SecretId: 'app', SecretString: 'four', ClientRequestToken: V4 }));
  t.same(await stages(), { [V3]: ['AWSPREVIOUS'], [V4]: ['AWSCURRENT'] }, 'same token and value: idempotent');
  await t.rejects(
    client.send(new UpdateSecretCommand({ SecretId: 'app', SecretString: 'five', ClientRequestToken: V4 })),
    {
      name: 'ResourceExistsException',
    },
  );
});
