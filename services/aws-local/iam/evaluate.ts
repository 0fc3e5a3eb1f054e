import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { AuthorizationRequest } from '../protocol/authorization.ts';
import type { IamPrincipal } from './config.ts';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface Evaluation {
  decision: Decision;
  /** Why the evaluator could not run (then the request is denied: fail closed). */
  error?: string;
}

/**
 * Evaluates one check against the principal's identity-based policies with
 * @cloud-copilot/iam-simulate (explicit Deny wins, then Allow, else implicit
 * deny; Action/NotAction, Resource/NotResource, condition operators). The
 * request context gets what AWS adds for every call by an assumed role.
 */
export async function evaluate(
  principal: IamPrincipal,
  request: AuthorizationRequest,
  where: { accountId: string; region: string },
): Promise<Evaluation> {
  const contextVariables: Record<string, string | string[]> = {
    'aws:PrincipalArn': principal.roleArn,
    'aws:PrincipalAccount': where.accountId,
    'aws:PrincipalType': 'AssumedRole',
    'aws:RequestedRegion': where.region,
  };
  for (const [key, value] of Object.entries(request.context ?? {})) {
    if (typeof value === 'string') contextVariables[key] = value;
    else if (Array.isArray(value)) contextVariables[key] = [...(value as string[])];
  }
  const result = await runSimulation(
    {
      request: {
        principal: principal.sessionArn,
        action: request.action,
        resource: { resource: request.resource, accountId: where.accountId },
        contextVariables,
      },
      identityPolicies: principal.policies.map((p) => ({ name: p.name, policy: p.policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') {
    return { decision: 'ImplicitlyDenied', error: result.errors.message };
  }
  return { decision: result.overallResult };
}
