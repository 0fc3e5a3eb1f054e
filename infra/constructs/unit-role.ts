import { CfnResource, Stack } from 'aws-cdk-lib';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge.ts';

export interface UnitRoleProps {
  /** cdk-nag findings on the policy's wildcards and why each is the narrowest the action allows. */
  readonly wildcards: Record<string, string>;
  /** The stable logical id prefix: `<name>Role` and `<name>Policy` in the template. */
  readonly name: string;
  readonly description: string;
  readonly statements: PolicyStatement[];
  readonly logGroup: ILogGroup;
}

/**
 * One Lambda's role and its policy, with stable logical ids so the policy is
 * easy to find in the template. No managed policies: logging is granted on
 * the function's own log group only.
 */
export class UnitRole extends Construct {
  readonly role: Role;
  readonly policy: Policy;

  constructor(scope: Construct, id: string, props: UnitRoleProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    const logging = new PolicyStatement({
      sid: 'WriteOwnLogGroup',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${props.logGroup.logGroupArn}:*`],
    });
    this.policy = new Policy(this, 'Policy', { statements: [...props.statements, logging], roles: [this.role] });
    acknowledge(this.policy, {
      ...props.wildcards,
      [`IAM5[Resource::<${props.name}LogGroup.Arn>:*]`]:
        "log streams of the function's own log group (named by Lambda)",
    });
    pinLogicalId(this.role, `${props.name}Role`);
    pinLogicalId(this.policy, `${props.name}Policy`);
  }
}

/** Gives a construct's CloudFormation resource a fixed logical id (tests, policy extraction, docs). */
export function pinLogicalId(construct: Construct, logicalId: string): void {
  const resource = construct.node.defaultChild as CfnResource;
  Stack.of(construct).renameLogicalId(Stack.of(construct).getLogicalId(resource), logicalId);
}
