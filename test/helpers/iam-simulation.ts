/**
 * Evaluates a role's synthesized statements with @cloud-copilot/iam-simulate,
 * after resolving the template's intrinsics to one concrete account and region.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { PolicyStatementJson } from '../../infra/iam/role-policies.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/** Ref (pseudo parameters and `refs`), Fn::GetAtt (…Arn of this account), Fn::Join. */
export function resolveIntrinsics(value: unknown, refs: Record<string, unknown> = {}): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, refs));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (typeof object.Ref === 'string') {
    const resolved = PSEUDO[object.Ref] ?? refs[object.Ref];
    if (resolved === undefined) throw new Error(`no value for Ref ${object.Ref}`);
    return resolved;
  }
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt)) {
    const [logicalId] = getAtt as [string, string];
    // Any other resource's ARN: one of this account, named after the logical id.
    return refs[`${logicalId}.Arn`] ?? `arn:aws:test:${REGION}:${ACCOUNT}:${logicalId}`;
  }
  const join = object['Fn::Join'];
  if (Array.isArray(join)) {
    const [separator, parts] = join as [string, unknown[]];
    return (resolveIntrinsics(parts, refs) as unknown[]).join(separator);
  }
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, resolveIntrinsics(item, refs)]));
}

export interface SimRequest {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
  /** Default PRINCIPAL. */
  principal?: string;
}

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied' | `error: ${string}`;

/** The principal every simulated request comes from (role ARNs in templates resolve to it). */
export const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:role/pca-mtls-test`;

/** The decision for one request: identity statements, and the resource's policy when it has one (KMS keys). */
export async function decide(
  statements: PolicyStatementJson[],
  request: SimRequest,
  resourcePolicy?: { Statement: unknown[] },
): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: request.principal ?? PRINCIPAL,
        action: request.action,
        resource: { resource: request.resource, accountId: ACCOUNT },
        contextVariables: request.context ?? {},
      },
      identityPolicies: [{ name: 'role', policy: { Version: '2012-10-17', Statement: statements } }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy: { Version: '2012-10-17', ...resourcePolicy } } : {}),
    },
    {},
  );
  if (result.resultType === 'error') return `error: ${result.errors.message}`;
  if (result.resultType === 'single') return result.overallResult;
  return `error: unexpected result type ${result.resultType}`;
}
