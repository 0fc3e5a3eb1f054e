/** Shared by the IAM tests: SDK clients signing as a restricted principal, and policy shorthands. */
import type { TestAwsLocal } from '../../../helpers/aws-local.ts';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';

/** Client config for any AWS SDK v3 client, signing with `accessKeyId` (aws-local never checks the secret). */
export function signingAs(local: TestAwsLocal, accessKeyId: string) {
  return { ...local.clientConfig, credentials: { accessKeyId, secretAccessKey: 'not-checked' } };
}

export function policy(...Statement: Record<string, unknown>[]) {
  return { Version: '2012-10-17', Statement };
}

export const allow = (Action: string | string[], Resource: string | string[] = '*', extra = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});

export const deny = (Action: string | string[], Resource: string | string[] = '*', extra = {}) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});

export const secretArnPattern = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-??????`;

/** AWS's message for a call no policy allows. */
export const implicitDenyMessage = (session: string, action: string, resource: string) =>
  `User: arn:aws:sts::${ACCOUNT}:assumed-role/${session} is not authorized to perform: ${action}` +
  `${resource === '*' ? '' : ` on resource: ${resource}`} because no identity-based policy allows the ${action} action`;

export const explicitDenyMessage = (session: string, action: string, resource: string) =>
  `User: arn:aws:sts::${ACCOUNT}:assumed-role/${session} is not authorized to perform: ${action}` +
  `${resource === '*' ? '' : ` on resource: ${resource}`} with an explicit deny in an identity-based policy`;
