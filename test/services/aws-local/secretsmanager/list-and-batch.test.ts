import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  ListSecretsCommand,
  SecretsManagerClient,
  type Filter,
} from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';
import { nth } from '../../../helpers/present.ts';

/** Four secrets shaped like the product's: identity secrets bound by tags, and a trust bundle. */
async function seeded(t: Teardown) {
  const local = await startTestAwsLocal(t);
  const client = new SecretsManagerClient(local.clientConfig);
  const make = (Name: string, Tags: { Key: string; Value: string }[], Description?: string) =>
    client.send(new CreateSecretCommand({ Name, SecretString: JSON.stringify({ name: Name }), Tags, Description }));
  await make(
    'pca-mtls/colorteller',
    [
      { Key: 'pca-mtls:identity', Value: 'colorteller' },
      { Key: 'pca-mtls:ecs-services', Value: 'demo/colorteller' },
    ],
    'Identity for colorteller',
  );
  await make(
    'pca-mtls/colorgateway',
    [{ Key: 'pca-mtls:identity', Value: 'colorgateway' }],
    'Identity for the gateway',
  );
  await make('pca-mtls/trust-bundle', [{ Key: 'pca-mtls:trust', Value: 'bundle' }]);
  await make('other/app', [{ Key: 'team', Value: 'payments' }], 'Database password');
  return { local, client };
}

const names = async (client: SecretsManagerClient, Filters?: Filter[], extra = {}) =>
  ((await client.send(new ListSecretsCommand({ Filters, ...extra }))).SecretList ?? []).map((s) => s.Name).sort();

t.test('ListSecrets filters: tag-key, tag-value, name, description, all, negation', async (t) => {
  const { client } = await seeded(t);
  t.same(await names(client, [{ Key: 'tag-key', Values: ['pca-mtls:identity'] }]), [
    'pca-mtls/colorgateway',
    'pca-mtls/colorteller',
  ]);
  t.same(
    await names(client, [{ Key: 'tag-key', Values: ['pca-mtls:'] }]),
    ['pca-mtls/colorgateway', 'pca-mtls/colorteller', 'pca-mtls/trust-bundle'],
    'prefix match',
  );
  t.same(await names(client, [{ Key: 'tag-key', Values: ['PCA-MTLS:'] }]), [], 'tag-key is case-sensitive');
  t.same(await names(client, [{ Key: 'tag-value', Values: ['colorteller'] }]), ['pca-mtls/colorteller']);
  t.same(await names(client, [{ Key: 'tag-value', Values: ['color'] }]), [
    'pca-mtls/colorgateway',
    'pca-mtls/colorteller',
  ]);
  t.same(
    await names(client, [
      { Key: 'tag-key', Values: ['pca-mtls:identity'] },
      { Key: 'tag-value', Values: ['colorgateway'] },
    ]),
    ['pca-mtls/colorgateway'],
    'filters combine with AND',
  );
  t.same(
    await names(client, [{ Key: 'tag-value', Values: ['colorgateway', 'payments'] }]),
    ['other/app', 'pca-mtls/colorgateway'],
    'values combine with OR',
  );
  t.same(await names(client, [{ Key: 'name', Values: ['pca-mtls/color'] }]), [
    'pca-mtls/colorgateway',
    'pca-mtls/colorteller',
  ]);
  t.same(await names(client, [{ Key: 'name', Values: ['!pca-mtls/'] }]), ['other/app'], '! negates');
  t.same(
    await names(client, [{ Key: 'tag-key', Values: ['!pca-mtls:'] }]),
    ['other/app'],
    'negated tag-key: no tag starts with it',
  );
  t.same(
    await names(client, [{ Key: 'description', Values: ['identity'] }]),
    ['pca-mtls/colorgateway', 'pca-mtls/colorteller'],
    'description is case-insensitive',
  );
  t.same(
    await names(client, [{ Key: 'all', Values: ['PAYMENTS'] }]),
    ['other/app'],
    'all searches tags, case-insensitively',
  );
  t.same(await names(client, [{ Key: 'all', Values: ['bundle'] }]), ['pca-mtls/trust-bundle']);
  t.same(await names(client, [{ Key: 'primary-region', Values: ['us-east-1'] }]), [
    'other/app',
    'pca-mtls/colorgateway',
    'pca-mtls/colorteller',
    'pca-mtls/trust-bundle',
  ]);
  await t.rejects(client.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['bad#value'] }] })), {
    name: 'ValidationException',
  });
});

t.test('ListSecrets: entries, sorting, paging, planned deletions hidden by default', async (t) => {
  const { client } = await seeded(t);
  const all = await client.send(new ListSecretsCommand({}));
  const teller = all.SecretList!.find((s) => s.Name === 'pca-mtls/colorteller')!;
  t.match(teller, {
    ARN: /^arn:aws:secretsmanager:us-east-1:000000000000:secret:pca-mtls\/colorteller-/,
    Description: 'Identity for colorteller',
    Tags: [
      { Key: 'pca-mtls:identity', Value: 'colorteller' },
      { Key: 'pca-mtls:ecs-services', Value: 'demo/colorteller' },
    ],
  });
  t.equal(nth(nth(Object.values(teller.SecretVersionsToStages ?? {}), 0), 0), 'AWSCURRENT');
  t.notOk('SecretString' in teller, 'never a value in a list');

  const byName = await client.send(new ListSecretsCommand({ SortBy: 'name', SortOrder: 'desc' }));
  t.same(
    byName.SecretList!.map((s) => s.Name),
    ['pca-mtls/trust-bundle', 'pca-mtls/colorteller', 'pca-mtls/colorgateway', 'other/app'],
  );

  const seen: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListSecretsCommand({ MaxResults: 3, NextToken, SortBy: 'name' }));
    t.ok(page.SecretList!.length <= 3);
    seen.push(...page.SecretList!.map((s) => s.Name!));
    NextToken = page.NextToken;
  } while (NextToken);
  t.same(
    seen,
    ['other/app', 'pca-mtls/colorgateway', 'pca-mtls/colorteller', 'pca-mtls/trust-bundle'],
    'pages cover every secret once',
  );
  await t.rejects(client.send(new ListSecretsCommand({ NextToken: 'bm90IGEgdG9rZW4=' })), {
    name: 'InvalidNextTokenException',
  });

  await client.send(new DeleteSecretCommand({ SecretId: 'other/app' }));
  t.same(await names(client), ['pca-mtls/colorgateway', 'pca-mtls/colorteller', 'pca-mtls/trust-bundle']);
  const planned = await client.send(
    new ListSecretsCommand({ IncludePlannedDeletion: true, Filters: [{ Key: 'name', Values: ['other/'] }] }),
  );
  t.equal(planned.SecretList!.length, 1);
  t.ok(nth(planned.SecretList, 0).DeletedDate instanceof Date);
});

t.test('BatchGetSecretValue: a mix of found, missing and deleted secrets', async (t) => {
  const { client } = await seeded(t);
  await client.send(new DeleteSecretCommand({ SecretId: 'other/app', RecoveryWindowInDays: 7 }));
  const out = await client.send(
    new BatchGetSecretValueCommand({
      SecretIdList: ['pca-mtls/colorteller', 'missing/secret', 'pca-mtls/trust-bundle', 'other/app'],
    }),
  );
  t.same(
    out.SecretValues!.map((v) => [v.Name, JSON.parse(v.SecretString!).name, v.VersionStages]),
    [
      ['pca-mtls/colorteller', 'pca-mtls/colorteller', ['AWSCURRENT']],
      ['pca-mtls/trust-bundle', 'pca-mtls/trust-bundle', ['AWSCURRENT']],
    ],
  );
  t.same(out.Errors, [
    {
      SecretId: 'missing/secret',
      ErrorCode: 'ResourceNotFoundException',
      Message: "Secrets Manager can't find the specified secret.",
    },
    {
      SecretId: 'other/app',
      ErrorCode: 'InvalidRequestException',
      Message: "You can't perform this operation on the secret because it was marked for deletion.",
    },
  ]);

  const filtered = await client.send(
    new BatchGetSecretValueCommand({ Filters: [{ Key: 'tag-key', Values: ['pca-mtls:identity'] }], MaxResults: 1 }),
  );
  t.equal(filtered.SecretValues!.length, 1);
  t.ok(filtered.NextToken);
  const rest = await client.send(
    new BatchGetSecretValueCommand({
      Filters: [{ Key: 'tag-key', Values: ['pca-mtls:identity'] }],
      MaxResults: 1,
      NextToken: filtered.NextToken,
    }),
  );
  t.equal(rest.SecretValues!.length, 1);
  t.equal(rest.NextToken, undefined);
  t.not(nth(rest.SecretValues, 0).Name, nth(filtered.SecretValues, 0).Name);

  await t.rejects(client.send(new BatchGetSecretValueCommand({})), {
    name: 'InvalidParameterException',
    message: "Either 'SecretIdList' or 'Filters' must be provided, but not both.",
  });
  await t.rejects(client.send(new BatchGetSecretValueCommand({ SecretIdList: ['a'], MaxResults: 5 })), {
    name: 'InvalidParameterException',
  });
  await t.rejects(
    client.send(new BatchGetSecretValueCommand({ SecretIdList: Array.from({ length: 21 }, (_, i) => `s${i}`) })),
    {
      name: 'ValidationException',
      message: /Member must have length less than or equal to 20/,
    },
  );
});
