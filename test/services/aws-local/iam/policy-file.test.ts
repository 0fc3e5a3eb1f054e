import { join } from 'node:path';
import t from 'tap';
import { loadIamFlags, parseIamFlag } from '../../../../services/aws-local/iam/policy-file.ts';
import { allow, policy } from './helpers.ts';

t.test('parseIamFlag takes ACCESS_KEY_ID=POLICY_FILE', async (t) => {
  t.same(parseIamFlag('AKIDAGENT=policies/agent.json'), {
    accessKeyId: 'AKIDAGENT',
    policyFile: 'policies/agent.json',
  });
  t.same(parseIamFlag('AKID=a=b.json'), { accessKeyId: 'AKID', policyFile: 'a=b.json' }, 'the first = splits');
  for (const bad of ['AKIDAGENT', '=x.json', 'AKID=', 'AK-ID=x.json']) {
    t.throws(() => parseIamFlag(bad), { message: /--iam takes ACCESS_KEY_ID=POLICY_FILE/ }, bad);
  }
});

t.test('loadIamFlags reads a document or an array, names the role after the file', async (t) => {
  const dir = t.testdir({
    'agent-role.json': JSON.stringify(policy(allow('secretsmanager:GetSecretValue'))),
    'two.json': JSON.stringify([policy(allow('ecs:ListServices')), policy(allow('ecs:UpdateService'))]),
    'broken.json': '{ not json',
  });
  const options = await loadIamFlags([
    { accessKeyId: 'AKIDA', policyFile: join(dir, 'agent-role.json') },
    { accessKeyId: 'AKIDB', policyFile: join(dir, 'two.json') },
  ]);
  t.equal(options.principals.AKIDA?.roleName, 'agent-role');
  t.equal((options.principals.AKIDB?.policies as unknown[]).length, 2);
  await t.rejects(loadIamFlags([{ accessKeyId: 'AKIDA', policyFile: join(dir, 'broken.json') }]), {
    code: 'IAM_POLICY_FILE',
    message: /--iam AKIDA: .*broken\.json is not valid JSON/,
  });
  await t.rejects(loadIamFlags([{ accessKeyId: 'AKIDA', policyFile: join(dir, 'missing.json') }]), {
    code: 'IAM_POLICY_FILE',
    message: /cannot read/,
  });
  const same = join(dir, 'agent-role.json');
  await t.rejects(
    loadIamFlags([
      { accessKeyId: 'AKIDA', policyFile: same },
      { accessKeyId: 'AKIDA', policyFile: same },
    ]),
    { code: 'IAM_INVALID_FLAG' },
  );
});
