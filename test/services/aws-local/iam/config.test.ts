import t from 'tap';
import { buildAwsLocal } from '../../../../services/aws-local/app.ts';
import { resolveIamConfig } from '../../../../services/aws-local/iam/config.ts';
import { normalizePolicyKeys } from '../../../../services/aws-local/iam/policy-keys.ts';
import { allow, policy } from './helpers.ts';

const ACCOUNT = '000000000000';
const resolve = (principals: Record<string, { policies: unknown; roleName?: string; sessionName?: string }>) =>
  resolveIamConfig({ principals }, ACCOUNT);

t.test('principals get role and session ARNs; defaults name both after the key', async (t) => {
  const config = await resolve({
    AKIDA: { policies: policy(allow('secretsmanager:ListSecrets')), roleName: 'agent-task', sessionName: 'ct' },
    AKIDB: { policies: [policy(allow('ecs:ListServices')), policy(allow('ecs:UpdateService'))] },
  });
  t.equal(config.get('AKIDA')?.sessionArn, 'arn:aws:sts::000000000000:assumed-role/agent-task/ct');
  t.equal(config.get('AKIDA')?.roleArn, 'arn:aws:iam::000000000000:role/agent-task');
  t.equal(config.get('AKIDB')?.sessionArn, 'arn:aws:sts::000000000000:assumed-role/AKIDB/AKIDB');
  t.equal(config.get('AKIDB')?.policies.length, 2, 'an array is several documents');
  t.ok(Object.isFrozen(config.get('AKIDB')?.policies[0]?.policy), 'policies are frozen');
});

t.test('invalid configurations are refused with a code and the place named', async (t) => {
  await t.rejects(resolve({ 'AKID-BAD': { policies: policy(allow('s3:GetObject')) } }), {
    code: 'IAM_INVALID_PRINCIPAL',
    message: /'AKID-BAD' must be 1-128 letters or digits/,
  });
  await t.rejects(resolve({ AKIDA: { policies: policy(allow('s3:GetObject')), roleName: 'has space' } }), {
    code: 'IAM_INVALID_PRINCIPAL',
  });
  await t.rejects(resolve({ AKIDA: { policies: [] } }), { code: 'IAM_INVALID_POLICY', message: /at least one/ });
  await t.rejects(
    resolve({
      AKIDA: { policies: { Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] } },
    }),
    {
      code: 'IAM_INVALID_POLICY',
      message: /AKIDA policy 1 is not a valid identity-based policy: .*Effect/,
    },
  );
  await t.rejects(
    resolve({
      AKIDA: { policies: [policy(allow('ecs:ListServices')), policy(allow('secretsmanager:GetSecretValues'))] },
    }),
    {
      code: 'IAM_INVALID_POLICY',
      message: /AKIDA policy 2: action 'secretsmanager:GetSecretValues' matches no AWS action/,
    },
  );
  await t.rejects(resolve({ AKIDA: { policies: policy(allow('nosuchservice:*')) } }), { code: 'IAM_INVALID_POLICY' });
  await t.resolves(resolve({ AKIDA: { policies: policy(allow(['secretsmanager:Get*', '*'])) } }), 'wildcards are fine');
  await t.rejects(buildAwsLocal({ iam: { principals: { AKIDA: { policies: 'nope' } } } }), {
    code: 'IAM_INVALID_POLICY',
  });
});

t.test('secretsmanager:ResourceTag/… is rewritten to aws:ResourceTag/…; both in one block is refused', async (t) => {
  const rewritten = normalizePolicyKeys(
    policy(
      allow('secretsmanager:GetSecretValue', '*', {
        Condition: { StringEquals: { 'SecretsManager:ResourceTag/team': 'a' } },
      }),
    ),
    'here',
  ) as { Statement: { Condition: unknown }[] };
  t.same(rewritten.Statement[0]?.Condition, { StringEquals: { 'aws:ResourceTag/team': 'a' } });
  t.throws(
    () =>
      normalizePolicyKeys(
        policy(
          allow('secretsmanager:GetSecretValue', '*', {
            Condition: { StringEquals: { 'aws:ResourceTag/team': 'a', 'secretsmanager:ResourceTag/team': 'b' } },
          }),
        ),
        'here',
      ),
    { code: 'IAM_INVALID_POLICY' },
  );
});
