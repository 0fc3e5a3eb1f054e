/**
 * A role's effective identity policy from a synthesized template: its inline
 * `Policies` plus every `AWS::IAM::Policy` attached to it (`Roles` has
 * `{Ref: <role>}`). Used by the tests and by anything that enforces the
 * policies elsewhere (e.g. aws-local). Intrinsics are left as they are.
 */
export interface PolicyStatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

interface PolicyDocumentJson {
  Statement: PolicyStatementJson[];
}

interface ResourceJson {
  Type: string;
  Properties?: {
    Roles?: { Ref?: string }[];
    PolicyDocument?: PolicyDocumentJson;
    Policies?: { PolicyDocument: PolicyDocumentJson }[];
    ManagedPolicyArns?: unknown[];
  };
}

export function rolePolicyStatements(
  template: { Resources: Record<string, ResourceJson> },
  roleLogicalId: string,
): PolicyStatementJson[] {
  const role = template.Resources[roleLogicalId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleLogicalId} is not an AWS::IAM::Role in the template`);
  if (role.Properties?.ManagedPolicyArns?.length) throw new Error(`${roleLogicalId} has managed policies`);
  const statements: PolicyStatementJson[] = [];
  for (const inline of role.Properties?.Policies ?? []) statements.push(...inline.PolicyDocument.Statement);
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const attached = (resource.Properties?.Roles ?? []).some((ref) => ref.Ref === roleLogicalId);
    if (attached) statements.push(...(resource.Properties?.PolicyDocument?.Statement ?? []));
  }
  return statements;
}

export function actionsOf(statement: PolicyStatementJson): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}
