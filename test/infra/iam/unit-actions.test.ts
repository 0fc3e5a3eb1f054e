/**
 * The IAM of each unit against its code: the maintained action list equals
 * the commands the unit's code sends (found through esbuild's import graph),
 * each role allows every one of them (iam-simulate on the synthesized
 * policies, the KMS key policy included) and nothing else, on the narrowest
 * resources.
 */
import t from 'tap';
import { App, Stack, type CfnResource } from 'aws-cdk-lib';
import { FargateTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import { EnvoyMtlsSidecar } from '../../../infra/constructs/envoy-mtls-sidecar.ts';
import { actionsOf, rolePolicyStatements, type PolicyStatementJson } from '../../../infra/iam/role-policies.ts';
import { AUTHORIZED_WITH, BUNDLED_BUT_UNUSED, UNIT_ACTIONS, type Unit } from '../../../infra/iam/unit-actions.ts';
import {
  OTHER_CA_ARN,
  resource,
  stubLambdaBundles,
  synthPcaMtls,
  tempDir,
  templateOf,
  TEST_CA_ARN,
  TEST_SIDECAR_IMAGE,
} from '../../helpers/cdk-synth.ts';
import {
  ACCOUNT,
  decide,
  PRINCIPAL,
  REGION,
  resolveIntrinsics,
  type SimRequest,
} from '../../helpers/iam-simulation.ts';
import { commandsSentBy } from '../../helpers/commands-sent.ts';

// Loading aws-cdk-lib and synthesizing take minutes on a loaded 2-core machine (seconds on an idle one):
// a generous bound that only proves nothing hangs.
t.setTimeout(600_000);

const ENTRY_POINTS: Record<Unit, string> = {
  export: 'lambdas/export-certificate/index.ts',
  renew: 'lambdas/renew-certificate/index.ts',
  agent: 'envoy/agent/run-agent.ts',
};
// One synth of the PcaMtls stack (CAs and cluster given) and one of a task with the sidecar.
const { template } = synthPcaMtls(stubLambdaBundles(t), tempDir(t), {
  certificateAuthorityArns: [TEST_CA_ARN],
  ecsClusterNames: ['mesh'],
});
const agentApp = new App({ outdir: tempDir(t) });
const agentStack = new Stack(agentApp, 'Agent');
const task = new FargateTaskDefinition(agentStack, 'Task');
(task.taskRole.node.defaultChild as CfnResource).overrideLogicalId('AgentTaskRole');
new EnvoyMtlsSidecar(agentStack, 'Envoy', {
  taskDefinition: task,
  identitySecretName: 'pca-mtls/colorteller',
  image: TEST_SIDECAR_IMAGE,
  role: 'server',
  allowPeerSans: ['colorgateway.mesh.local'],
});
const agentTemplate = templateOf(agentApp, agentStack).template;

const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const refs = { 'ExportFunctionRole.Arn': PRINCIPAL, 'RenewFunctionRole.Arn': PRINCIPAL, 'SecretsKey.Arn': KEY_ARN };
const ROLE_IDS: Record<Unit, string> = {
  export: 'ExportFunctionRole',
  renew: 'RenewFunctionRole',
  agent: 'AgentTaskRole',
};
const statementsOf = (unit: Unit) =>
  resolveIntrinsics(
    rolePolicyStatements(unit === 'agent' ? agentTemplate : template, ROLE_IDS[unit]),
    refs,
  ) as PolicyStatementJson[];
const keyPolicy = resolveIntrinsics(resource(template, 'SecretsKey').KeyPolicy, refs) as { Statement: unknown[] };

const CERT = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/0b7c1e9e-1111-2222-3333-444455556666`;
const secretArn = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
const END_ENTITY = 'arn:aws:acm-pca:::template/EndEntityCertificate/V1';
const NO_RESOURCE = new Set([
  'acm:RequestCertificate',
  'acm:ListCertificates',
  'secretsmanager:ListSecrets',
  'secretsmanager:BatchGetSecretValue',
]);

/** A request as the unit makes it: its own resources, the context AWS adds. */
function sample(action: string, unit: Unit): SimRequest {
  // The renew function creates (and tags on creation) only the sweep's state secret.
  if (unit === 'renew' && action === 'secretsmanager:CreateSecret')
    return {
      action,
      resource: secretArn('pca-mtls/sweep-state'),
      context: { 'aws:TagKeys': ['pca-mtls:sweep-cursor'] },
    };
  if (action === 'acm:RequestCertificate')
    return { action, resource: '*', context: { 'acm:CertificateAuthority': TEST_CA_ARN } };
  if (action === 'acm:AddTagsToCertificate')
    return { action, resource: CERT, context: { 'aws:TagKeys': ['pca-mtls:identity'] } };
  if (action === 'acm-pca:IssueCertificate')
    return { action, resource: TEST_CA_ARN, context: { 'acm-pca:TemplateArn': END_ENTITY } };
  if (NO_RESOURCE.has(action)) return { action, resource: '*' };
  const service = action.split(':')[0];
  if (service === 'acm') return { action, resource: CERT };
  if (service === 'acm-pca') return { action, resource: TEST_CA_ARN };
  if (service === 'ecs') return { action, resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/mesh/colorgateway` };
  if (service === 'secretsmanager') return { action, resource: secretArn('pca-mtls/colorteller') };
  throw new Error(`no sample request for ${action}`);
}

const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT };

t.test("the maintained action lists are exactly the commands each unit's code sends", async (t) => {
  for (const unit of Object.keys(ENTRY_POINTS) as Unit[]) {
    const sent = await commandsSentBy(ENTRY_POINTS[unit]);
    const unused = Object.keys(BUNDLED_BUT_UNUSED[unit]);
    t.same(sent, [...UNIT_ACTIONS[unit], ...unused].sort(), `${unit}: UNIT_ACTIONS + BUNDLED_BUT_UNUSED = the code`);
    t.same(
      unused.filter((action) => UNIT_ACTIONS[unit].includes(action)),
      [],
      `${unit}: no action is both`,
    );
  }
});

t.test('each role allows every call its unit makes', async (t) => {
  for (const unit of Object.keys(ROLE_IDS) as Unit[]) {
    const statements = statementsOf(unit);
    for (const action of UNIT_ACTIONS[unit].flatMap((a) => [a, ...(AUTHORIZED_WITH[a] ?? [])])) {
      t.equal(await decide(statements, sample(action, unit)), 'Allowed', `${unit}: ${action}`);
    }
  }
});

t.test(
  'the secrets key: writers and agents use it only through Secrets Manager (identity and key policy)',
  async (t) => {
    for (const unit of ['export', 'renew'] as const) {
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
        const request = { action, resource: KEY_ARN, context: viaSecretsManager };
        t.equal(
          await decide(statementsOf(unit), request, keyPolicy),
          'Allowed',
          `${unit}: ${action} via Secrets Manager`,
        );
        const direct = { action, resource: KEY_ARN, context: { 'kms:CallerAccount': ACCOUNT } };
        t.not(await decide(statementsOf(unit), direct, keyPolicy), 'Allowed', `${unit}: ${action} directly is denied`);
      }
    }
    const agent = statementsOf('agent');
    // A task role of another stack: the key policy does not name it.
    const taskRole = `arn:aws:iam::${ACCOUNT}:role/colorteller-task`;
    const aliased = { ...viaSecretsManager, 'kms:ResourceAliases': ['alias/pca-mtls'] };
    t.equal(
      await decide(
        agent,
        { action: 'kms:Decrypt', resource: KEY_ARN, context: aliased, principal: taskRole },
        keyPolicy,
      ),
      'Allowed',
    );
    t.not(
      await decide(
        agent,
        {
          action: 'kms:Decrypt',
          resource: KEY_ARN,
          context: { 'kms:ResourceAliases': ['alias/pca-mtls'] },
          principal: taskRole,
        },
        keyPolicy,
      ),
      'Allowed',
      'agent: Decrypt outside Secrets Manager is denied',
    );
    t.not(
      await decide(agent, {
        action: 'kms:Decrypt',
        resource: KEY_ARN,
        context: { ...viaSecretsManager, 'kms:ResourceAliases': ['alias/other'] },
      }),
      'Allowed',
      'agent: another key is denied',
    );
    t.not(
      await decide(
        agent,
        { action: 'kms:GenerateDataKey', resource: KEY_ARN, context: aliased, principal: taskRole },
        keyPolicy,
      ),
      'Allowed',
      'agent: no encryption',
    );
  },
);

t.test("roles grant nothing beyond their unit's calls, logging, their queues and the key", async (t) => {
  const infrastructure =
    /^(logs:(CreateLogStream|PutLogEvents)|sqs:(SendMessage|GetQueueAttributes|GetQueueUrl|ReceiveMessage|DeleteMessage|ChangeMessageVisibility)|kms:(GenerateDataKey|Decrypt))$/;
  for (const unit of Object.keys(ROLE_IDS) as Unit[]) {
    const granted = statementsOf(unit).flatMap(actionsOf);
    const expected = new Set(UNIT_ACTIONS[unit].flatMap((a) => [a, ...(AUTHORIZED_WITH[a] ?? [])]));
    t.same(
      granted.filter((a) => !expected.has(a) && !infrastructure.test(a)),
      [],
      `${unit}: no extra actions`,
    );
    t.notOk(
      granted.some((a) => a.includes('*')),
      `${unit}: no wildcard actions`,
    );
  }
  const sqs = statementsOf('export').filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
  t.same(
    sqs.map((s) => s.Resource),
    [`arn:aws:test:${REGION}:${ACCOUNT}:FailedInvocationsDlq`],
    'export: only its DLQ',
  );
});

t.test('the narrowest resources: other secrets, CAs, templates, clusters are denied', async (t) => {
  const denied: [Unit, SimRequest, string][] = [
    [
      'export',
      { action: 'secretsmanager:GetSecretValue', resource: secretArn('prod/db') },
      'a secret outside the prefix',
    ],
    [
      'renew',
      { action: 'secretsmanager:PutSecretValue', resource: secretArn('prod/db') },
      'a secret outside the prefix',
    ],
    [
      'export',
      { action: 'acm:RequestCertificate', resource: '*', context: { 'acm:CertificateAuthority': OTHER_CA_ARN } },
      'another CA',
    ],
    [
      'export',
      { action: 'acm-pca:IssueCertificate', resource: OTHER_CA_ARN, context: { 'acm-pca:TemplateArn': END_ENTITY } },
      'another CA',
    ],
    [
      'renew',
      {
        action: 'acm-pca:IssueCertificate',
        resource: TEST_CA_ARN,
        context: { 'acm-pca:TemplateArn': 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1' },
      },
      'a CA certificate template',
    ],
    [
      'export',
      { action: 'acm:AddTagsToCertificate', resource: CERT, context: { 'aws:TagKeys': ['owner'] } },
      'other tag keys',
    ],
    [
      'renew',
      { action: 'ecs:UpdateService', resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/prod/api` },
      'another cluster',
    ],
    [
      'renew',
      {
        action: 'acm:ExportCertificate',
        resource: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0b7c1e9e-1111-2222-3333-444455556666`,
      },
      'another region',
    ],
    [
      'renew',
      {
        action: 'secretsmanager:CreateSecret',
        resource: secretArn('pca-mtls/colorteller'),
        context: { 'aws:TagKeys': ['pca-mtls:identity'] },
      },
      'an identity secret (only the sweep state)',
    ],
    [
      'renew',
      {
        action: 'secretsmanager:CreateSecret',
        resource: secretArn('pca-mtls/sweep-state'),
        context: { 'aws:TagKeys': ['pca-mtls:sweep-cursor', 'owner'] },
      },
      'the sweep state with other tags',
    ],
    [
      'agent',
      { action: 'secretsmanager:GetSecretValue', resource: secretArn('pca-mtls/colorgateway') },
      "another identity's secret",
    ],
    [
      'agent',
      { action: 'secretsmanager:PutSecretValue', resource: secretArn('pca-mtls/colorteller') },
      'writing its secret',
    ],
  ];
  for (const [unit, request, what] of denied) {
    t.not(await decide(statementsOf(unit), request), 'Allowed', `${unit}: ${request.action} on ${what} is denied`);
  }
  t.equal(
    await decide(statementsOf('agent'), {
      action: 'secretsmanager:GetSecretValue',
      resource: secretArn('pca-mtls/trust'),
    }),
    'Allowed',
    'agent: the trust bundle',
  );
});
