import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag AwsSolutions findings on a construct, each with its
 * reason (a finding is `RULE` or `RULE[Resource::…]`, as cdk-nag prints it).
 * Uses CDK's own Validations API: the constructs do not depend on cdk-nag.
 */
export function acknowledge(construct: IConstruct, findings: Record<string, string>): void {
  for (const [finding, reason] of Object.entries(findings)) {
    Validations.of(construct).acknowledge({ id: `AwsSolutions-${finding}`, reason });
  }
}

/** How cdk-nag prints `arn:${Partition}:<service>:${Region}:${AccountId}:<rest>`. */
export function nagArn(service: string, rest: string): string {
  return `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:${rest}`;
}

export const NO_RESOURCE_LEVEL =
  'Resource "*" only on actions without resource-level permissions (Service Authorization Reference): ' +
  'acm:RequestCertificate (condition acm:CertificateAuthority = the allowed CAs), acm:ListCertificates, ' +
  'secretsmanager:ListSecrets, secretsmanager:BatchGetSecretValue (each secret is authorized as GetSecretValue)';
