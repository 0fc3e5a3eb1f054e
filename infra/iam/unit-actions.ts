/**
 * Every AWS API action each pca-mtls unit calls, by IAM action name. The roles
 * the CDK app synthesizes grant exactly these (test/infra/iam/unit-actions.test.ts
 * keeps this list equal to the `new …Command(` calls in each unit's code and
 * checks that each role's policy allows each action).
 */
export type Unit = 'export' | 'renew' | 'agent';

export const UNIT_ACTIONS: Readonly<Record<Unit, readonly string[]>> = Object.freeze({
  /** lambdas/export-certificate: lib/identity (acm and pca sources), lib/trust, DeleteSecret on stack delete. */
  export: [
    'acm:RequestCertificate',
    'acm:DescribeCertificate',
    'acm:ExportCertificate',
    'acm-pca:DescribeCertificateAuthority',
    'acm-pca:IssueCertificate',
    'acm-pca:GetCertificate',
    'acm-pca:GetCertificateAuthorityCertificate',
    'acm-pca:ListPermissions',
    'acm-pca:CreatePermission',
    'secretsmanager:CreateSecret',
    'secretsmanager:DescribeSecret',
    'secretsmanager:GetSecretValue',
    'secretsmanager:PutSecretValue',
    'secretsmanager:UpdateSecretVersionStage',
    'secretsmanager:TagResource',
    'secretsmanager:DeleteSecret',
  ],
  /** lambdas/renew-certificate: lib/renewal (sweep inventory and cursor, re-export, re-issue through lib/identity, ECS rolls). */
  renew: [
    'acm:ListCertificates',
    'acm:DescribeCertificate',
    'acm:ExportCertificate',
    'acm:RenewCertificate',
    'acm-pca:DescribeCertificateAuthority',
    'acm-pca:IssueCertificate',
    'acm-pca:GetCertificate',
    'acm-pca:ListPermissions',
    'acm-pca:CreatePermission',
    'secretsmanager:ListSecrets',
    'secretsmanager:CreateSecret',
    'secretsmanager:DescribeSecret',
    'secretsmanager:GetSecretValue',
    'secretsmanager:ListSecretVersionIds',
    'secretsmanager:PutSecretValue',
    'secretsmanager:UpdateSecretVersionStage',
    'secretsmanager:TagResource',
    'ecs:DescribeServices',
    'ecs:UpdateService',
  ],
  /** envoy/agent: fetch (BatchGetSecretValue, GetSecretValue as fallback) and watch (DescribeSecret). */
  agent: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
});

/**
 * Actions IAM checks on top of a command's own action: RequestCertificate
 * with Tags is also authorized as AddTagsToCertificate on the new certificate,
 * CreateSecret with Tags as TagResource on the new secret.
 */
export const AUTHORIZED_WITH: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'acm:RequestCertificate': ['acm:AddTagsToCertificate'],
  'secretsmanager:CreateSecret': ['secretsmanager:TagResource'],
});

/**
 * Commands whose code the unit's bundle contains but the unit never sends, and
 * why; the role does not grant them (a call would fail with AccessDenied).
 */
export const BUNDLED_BUT_UNUSED: Readonly<Record<Unit, Readonly<Record<string, string>>>> = Object.freeze({
  export: {},
  renew: {
    'acm:RequestCertificate':
      'renewal re-exports the certificate ACM renewed (same ARN); only a new identity requests one',
  },
  agent: {},
});

/** The Private CA templates the export and renew functions issue with (lib/identity/private-ca-certificate.ts). */
export const END_ENTITY_TEMPLATES = [
  'EndEntityCertificate/V1',
  'EndEntityClientAuthCertificate/V1',
  'EndEntityServerAuthCertificate/V1',
] as const;
