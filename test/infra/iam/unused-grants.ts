/**
 * Which (action, resource) pairs a unit's policy grants that no enforced flow
 * used, from aws-local's IAM report; and the reasons the remaining ones are
 * kept. A reason is keyed `unit action` and covers every resource of it.
 */
import type { PolicyStatementJson } from '../../../infra/iam/role-policies.ts';
import { agentPolicy, type ShippedPolicies, type UnitPolicy } from '../../helpers/iam-principals.ts';

export interface ReportedPrincipal {
  accessKeyId: string;
  allowed: { action: string; resource: string; count: number }[];
  denied: { action: string; resource: string; count: number; explicit: boolean }[];
}

export interface UnusedGrant {
  unit: string;
  action: string;
  resource: string;
  why?: string;
}

const NOT_EMULATED_KMS =
  'KMS is not emulated: in AWS, Secrets Manager calls KMS with the caller\u2019s permissions (kms:ViaService) on every read and write';
const LAMBDA_LOGS =
  'used by the Lambda service to write the function log, not by the function code; aws-local runs functions in-process';
const DLQ =
  'the Lambda service sends failed asynchronous invocations to the DLQ with the role; aws-local keeps dead letters itself';
const EVENT_QUEUE =
  'the SQS event source mapping polls the ACM-events queue with the role; aws-local delivers rule matches to the function directly';
const RENEW_PERMISSION_CHECK =
  'reachable only through exportIdentity for a certificate the secret was never tagged with; a bound identity always is, so no renewal reaches it (candidate for removal from the renew role)';
const SWEEP_CURSOR =
  'written only when a sweep stops at its deadline with due identities left (lib/renewal/sweep-cursor.ts; test/lib/renewal covers the continuation); every sweep of these flows finishes';
const RENEW_DESCRIBE_SECRET =
  'bundled through lib/identity (a new secret, or a CreateSecret race); renewal passes the ListSecrets entry instead, so no renewal reaches it (candidate for removal from the renew role)';
const ROLL_CHECK =
  'a version just written is rolled with one label move, without ListSecretVersionIds or DescribeServices; only a roll left pending or abandoned (lease expired) is checked, which these flows never leave';

/** Grants no flow can exercise in aws-local, with the reason each is still needed in AWS. */
export const JUSTIFIED: Record<string, string> = {
  'export kms:GenerateDataKey': NOT_EMULATED_KMS,
  'export kms:Decrypt': NOT_EMULATED_KMS,
  'renew kms:GenerateDataKey': NOT_EMULATED_KMS,
  'renew kms:Decrypt': NOT_EMULATED_KMS,
  'agent:colorteller kms:Decrypt': NOT_EMULATED_KMS,
  'agent:colorgateway kms:Decrypt': NOT_EMULATED_KMS,
  'export logs:CreateLogStream': LAMBDA_LOGS,
  'export logs:PutLogEvents': LAMBDA_LOGS,
  'renew logs:CreateLogStream': LAMBDA_LOGS,
  'renew logs:PutLogEvents': LAMBDA_LOGS,
  'export sqs:SendMessage': DLQ,
  'export sqs:GetQueueAttributes': DLQ,
  'export sqs:GetQueueUrl': DLQ,
  'renew sqs:SendMessage': DLQ,
  'renew sqs:GetQueueAttributes': `${DLQ}; ${EVENT_QUEUE}`,
  'renew sqs:GetQueueUrl': `${DLQ}; ${EVENT_QUEUE}`,
  'renew sqs:ReceiveMessage': EVENT_QUEUE,
  'renew sqs:ChangeMessageVisibility': EVENT_QUEUE,
  'renew sqs:DeleteMessage': EVENT_QUEUE,
  'renew acm-pca:ListPermissions': RENEW_PERMISSION_CHECK,
  'renew acm-pca:CreatePermission': RENEW_PERMISSION_CHECK,
  'renew secretsmanager:CreateSecret': SWEEP_CURSOR,
  // Used on identity secrets by these flows (legacy tags, new versions); unused only on the sweep state secret.
  'renew secretsmanager:TagResource': SWEEP_CURSOR,
  'renew secretsmanager:DescribeSecret': RENEW_DESCRIBE_SECRET,
  'renew ecs:DescribeServices': ROLL_CHECK,
  'renew secretsmanager:ListSecretVersionIds': ROLL_CHECK,
};

function list(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

/** IAM's wildcard match: `*` any run of characters, `?` one character, case-sensitive for resources. */
function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

function grantsOf(unit: string, policy: UnitPolicy): UnusedGrant[] {
  return policy.statements
    .filter((s: PolicyStatementJson) => s.Effect === 'Allow')
    .flatMap((s) =>
      list(s.Action).flatMap((action) => list(s.Resource).map((resource) => ({ unit, action, resource }))),
    );
}

/**
 * Every granted pair without an allowed request in the report that it would
 * match, split into the justified ones and the rest; and justifications no
 * longer needed (the grant was used, or is gone).
 */
export function grantedButUnused(
  policies: ShippedPolicies,
  report: ReportedPrincipal[],
  keys: { export: string; renew: string; agentTeller: string; agentGateway: string },
) {
  const units: [string, UnitPolicy, string][] = [
    ['export', policies.export, keys.export],
    ['renew', policies.renew, keys.renew],
    ['agent:colorteller', agentPolicy(policies, 'colorteller'), keys.agentTeller],
    ['agent:colorgateway', agentPolicy(policies, 'colorgateway'), keys.agentGateway],
  ];
  const unused: UnusedGrant[] = [];
  let granted = 0;
  for (const [unit, policy, key] of units) {
    const allowed = report.find((p) => p.accessKeyId === key)?.allowed ?? [];
    for (const grant of grantsOf(unit, policy)) {
      granted += 1;
      const used = allowed.some(
        (a) =>
          globMatches(grant.action, a.action, true) &&
          (grant.resource === '*' || globMatches(grant.resource, a.resource)),
      );
      if (!used) unused.push(grant);
    }
  }
  const keyOf = (g: UnusedGrant) => `${g.unit} ${g.action}`;
  const justified = unused.filter((g) => JUSTIFIED[keyOf(g)]).map((g) => ({ ...g, why: JUSTIFIED[keyOf(g)] }));
  const unexplained = unused.filter((g) => !JUSTIFIED[keyOf(g)]).map((g) => `${g.unit} ${g.action} on ${g.resource}`);
  const staleJustifications = Object.keys(JUSTIFIED).filter((k) => !unused.some((g) => keyOf(g) === k));
  return { granted, justified, unexplained, staleJustifications };
}
