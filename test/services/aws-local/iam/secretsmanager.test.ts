/**
 * IAM enforcement on Secrets Manager through the real SDK client over HTTP:
 * allow, implicit and explicit deny, wildcards, NotAction, NotResource,
 * resource-tag conditions (both spellings), per-secret BatchGetSecretValue,
 * and nothing changing when a mutation is denied.
 */
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import t from 'tap';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';
import {
  allow,
  deny,
  explicitDenyMessage,
  implicitDenyMessage,
  policy,
  secretArnPattern,
  signingAs,
} from './helpers.ts';

const identityTag = (value: string) => [{ Key: 'pca-mtls:identity', Value: value }];

/** Two identity secrets and an unrelated one, created by an unrestricted caller. */
async function seeded(
  t: Teardown,
  principals: Record<string, { policies: unknown; roleName?: string; sessionName?: string }>,
) {
  const local = await startTestAwsLocal(t, { iam: { principals } });
  const admin = new SecretsManagerClient(local.clientConfig);
  const arns: Record<string, string> = {};
  for (const [name, identity] of [
    ['pca-mtls/colorteller', 'colorteller'],
    ['pca-mtls/colorgateway', 'colorgateway'],
    ['other/app', 'app'],
  ] as const) {
    const out = await admin.send(
      new CreateSecretCommand({ Name: name, SecretString: `{"n":"${name}"}`, Tags: identityTag(identity) }),
    );
    arns[name] = out.ARN!;
  }
  const as = (key: string) => new SecretsManagerClient(signingAs(local, key));
  const arnOf = (name: string): string => {
    const arn = arns[name];
    if (arn === undefined) throw new Error(`no seeded secret ${name}`);
    return arn;
  };
  return { local, admin, arnOf, as };
}

t.test('an unlisted access key stays unrestricted', async (t) => {
  const { local } = await seeded(t, { AKIDAGENT: { policies: policy(allow('secretsmanager:ListSecrets')) } });
  const out = await new SecretsManagerClient(local.clientConfig).send(
    new GetSecretValueCommand({ SecretId: 'other/app' }),
  );
  t.equal(out.Name, 'other/app');
});

t.test('allowed by resource pattern; another secret is denied with AWS message; report counts both', async (t) => {
  const { as, arnOf, local } = await seeded(t, {
    AKIDAGENT: {
      policies: policy(allow('secretsmanager:GetSecretValue', secretArnPattern('pca-mtls/colorteller'))),
      roleName: 'colorteller-task',
      sessionName: 'agent',
    },
  });
  const agent = as('AKIDAGENT');
  const own = await agent.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorteller' }));
  t.equal(own.SecretString, '{"n":"pca-mtls/colorteller"}');
  const err = await agent.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorgateway' })).catch((e) => e);
  t.equal(err.name, 'AccessDeniedException');
  t.equal(err.$metadata.httpStatusCode, 400);
  t.equal(
    err.message,
    implicitDenyMessage('colorteller-task/agent', 'secretsmanager:GetSecretValue', arnOf('pca-mtls/colorgateway')),
  );
  t.notMatch(err.message, /pca-mtls\/colorgateway"/, 'no value in the message');

  const report = await local.control('GET', 'iam');
  t.equal(report.status, 200);
  t.equal(report.body.enforced, true);
  const [entry] = report.body.principals;
  t.equal(entry.principalArn, 'arn:aws:sts::000000000000:assumed-role/colorteller-task/agent');
  t.same(entry.allowed, [
    { action: 'secretsmanager:GetSecretValue', resource: arnOf('pca-mtls/colorteller'), count: 1 },
  ]);
  t.same(entry.denied, [
    { action: 'secretsmanager:GetSecretValue', resource: arnOf('pca-mtls/colorgateway'), count: 1, explicit: false },
  ]);
  t.notMatch(JSON.stringify(report.body), /"n":/, 'the report never holds a secret value');
});

t.test('explicit Deny wins over Allow, with the explicit-deny message', async (t) => {
  const { as, arnOf } = await seeded(t, {
    AKIDX: {
      policies: [
        policy(allow('secretsmanager:*')),
        policy(deny('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:*:*:secret:other/*')),
      ],
    },
  });
  const client = as('AKIDX');
  t.ok((await client.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorteller' }))).SecretString);
  const err = await client.send(new GetSecretValueCommand({ SecretId: 'other/app' })).catch((e) => e);
  t.equal(err.name, 'AccessDeniedException');
  t.equal(err.message, explicitDenyMessage('AKIDX/AKIDX', 'secretsmanager:GetSecretValue', arnOf('other/app')));
});

t.test('action wildcards, NotAction and NotResource', async (t) => {
  const { as } = await seeded(t, {
    AKIDREAD: { policies: policy(allow('secretsmanager:Describe*')) },
    AKIDNOTACTION: { policies: policy({ Effect: 'Allow', NotAction: 'secretsmanager:GetSecretValue', Resource: '*' }) },
    AKIDNOTRESOURCE: {
      policies: policy({
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        NotResource: 'arn:aws:secretsmanager:*:*:secret:other/*',
      }),
    },
  });
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: Error) => e.name,
    );
  t.equal(await code(as('AKIDREAD').send(new DescribeSecretCommand({ SecretId: 'other/app' }))), 'ok');
  t.equal(
    await code(as('AKIDREAD').send(new GetSecretValueCommand({ SecretId: 'other/app' }))),
    'AccessDeniedException',
  );
  t.equal(await code(as('AKIDNOTACTION').send(new ListSecretsCommand({}))), 'ok');
  t.equal(
    await code(as('AKIDNOTACTION').send(new GetSecretValueCommand({ SecretId: 'other/app' }))),
    'AccessDeniedException',
  );
  t.equal(
    await code(as('AKIDNOTRESOURCE').send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorteller' }))),
    'ok',
  );
  t.equal(
    await code(as('AKIDNOTRESOURCE').send(new GetSecretValueCommand({ SecretId: 'other/app' }))),
    'AccessDeniedException',
  );
});

t.test('resource-tag conditions, in the aws: and the secretsmanager: spelling', async (t) => {
  const byTag = (key: string) =>
    policy(allow('secretsmanager:GetSecretValue', '*', { Condition: { StringEquals: { [key]: 'colorteller' } } }));
  const { as } = await seeded(t, {
    AKIDAWS: { policies: byTag('aws:ResourceTag/pca-mtls:identity') },
    AKIDSM: { policies: byTag('secretsmanager:ResourceTag/pca-mtls:identity') },
  });
  for (const key of ['AKIDAWS', 'AKIDSM']) {
    const client = as(key);
    t.ok((await client.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorteller' }))).SecretString, key);
    const err = await client.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorgateway' })).catch((e) => e);
    t.equal(err.name, 'AccessDeniedException', `${key}: another identity's secret is denied`);
  }
});

t.test('a missing secret is denied (no existence leak) on its name ARN', async (t) => {
  const { as } = await seeded(t, {
    AKIDA: { policies: policy(allow('secretsmanager:GetSecretValue', secretArnPattern('pca-mtls/*'))) },
  });
  const err = await as('AKIDA')
    .send(new GetSecretValueCommand({ SecretId: 'nope/missing' }))
    .catch((e) => e);
  t.equal(err.name, 'AccessDeniedException');
  t.match(err.message, 'on resource: arn:aws:secretsmanager:us-east-1:000000000000:secret:nope/missing because');
  const allowed = await as('AKIDA')
    .send(new GetSecretValueCommand({ SecretId: 'pca-mtls/missing' }))
    .catch((e) => e);
  t.equal(allowed.name, 'AccessDeniedException', 'the -?????? pattern needs the suffix a missing secret lacks');
});

t.test('a denied mutation changes nothing', async (t) => {
  const { as, admin } = await seeded(t, {
    AKIDAGENT: { policies: policy(allow(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'])) },
  });
  const agent = as('AKIDAGENT');
  const before = await admin.send(new DescribeSecretCommand({ SecretId: 'pca-mtls/colorteller' }));
  const put = await agent
    .send(new PutSecretValueCommand({ SecretId: 'pca-mtls/colorteller', SecretString: 'overwritten' }))
    .catch((e) => e);
  t.equal(put.name, 'AccessDeniedException');
  const tag = await agent
    .send(new TagResourceCommand({ SecretId: 'pca-mtls/colorteller', Tags: identityTag('colorgateway') }))
    .catch((e) => e);
  t.equal(tag.name, 'AccessDeniedException');
  const created = await agent.send(new CreateSecretCommand({ Name: 'sneaky', SecretString: 'x' })).catch((e) => e);
  t.equal(created.name, 'AccessDeniedException');
  const after = await admin.send(new DescribeSecretCommand({ SecretId: 'pca-mtls/colorteller' }));
  t.same(after.VersionIdsToStages, before.VersionIdsToStages, 'no new version');
  t.same(after.Tags, before.Tags, 'tags unchanged');
  t.equal(
    (await admin.send(new GetSecretValueCommand({ SecretId: 'pca-mtls/colorteller' }))).SecretString,
    '{"n":"pca-mtls/colorteller"}',
  );
  const listed = await admin.send(new ListSecretsCommand({}));
  t.notOk(
    listed.SecretList?.some((s) => s.Name === 'sneaky'),
    'no secret created',
  );
});

t.test('CreateSecret with tags also needs TagResource, on the ARN the secret gets', async (t) => {
  const { as, admin } = await seeded(t, {
    AKIDNOTAG: { policies: policy(allow('secretsmanager:CreateSecret', secretArnPattern('pca-mtls/*'))) },
    AKIDTAG: {
      policies: policy(
        allow(['secretsmanager:CreateSecret', 'secretsmanager:TagResource'], secretArnPattern('pca-mtls/*')),
      ),
    },
  });
  const make = (key: string, Name: string) =>
    as(key).send(new CreateSecretCommand({ Name, SecretString: 'v', Tags: identityTag('x') }));
  const err = await make('AKIDNOTAG', 'pca-mtls/new-a').catch((e) => e);
  t.equal(err.name, 'AccessDeniedException');
  t.match(
    err.message,
    /perform: secretsmanager:TagResource on resource: arn:aws:secretsmanager:us-east-1:000000000000:secret:pca-mtls\/new-a-[A-Za-z0-9]{6} /,
  );
  const denied = await admin.send(new DescribeSecretCommand({ SecretId: 'pca-mtls/new-a' })).catch((e) => e);
  t.equal(denied.name, 'ResourceNotFoundException', 'nothing was created');
  const out = await make('AKIDTAG', 'pca-mtls/new-b');
  t.match(out.ARN, /secret:pca-mtls\/new-b-[A-Za-z0-9]{6}$/);
});

t.test('BatchGetSecretValue: the call on *, GetSecretValue per secret into Errors', async (t) => {
  const { as, arnOf } = await seeded(t, {
    AKIDBATCH: {
      policies: policy(
        allow('secretsmanager:BatchGetSecretValue'),
        allow('secretsmanager:GetSecretValue', secretArnPattern('pca-mtls/colorteller')),
      ),
    },
    AKIDNOBATCH: { policies: policy(allow('secretsmanager:GetSecretValue')) },
  });
  const out = await as('AKIDBATCH').send(
    new BatchGetSecretValueCommand({ SecretIdList: ['pca-mtls/colorteller', 'pca-mtls/colorgateway'] }),
  );
  t.same(
    out.SecretValues?.map((v) => v.Name),
    ['pca-mtls/colorteller'],
  );
  t.equal(out.Errors?.length, 1);
  t.equal(out.Errors?.[0]?.SecretId, 'pca-mtls/colorgateway');
  t.equal(out.Errors?.[0]?.ErrorCode, 'AccessDeniedException');
  t.match(out.Errors?.[0]?.Message, `on resource: ${arnOf('pca-mtls/colorgateway')}`);
  const filters = await as('AKIDBATCH')
    .send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: ['pca-mtls/'] }] }))
    .catch((e) => e);
  t.equal(filters.name, 'AccessDeniedException', 'Filters also need ListSecrets');
  t.match(filters.message, 'perform: secretsmanager:ListSecrets because');
  const whole = await as('AKIDNOBATCH')
    .send(new BatchGetSecretValueCommand({ SecretIdList: ['pca-mtls/colorteller'] }))
    .catch((e) => e);
  t.equal(whole.name, 'AccessDeniedException', 'without BatchGetSecretValue the whole call is denied');
});
