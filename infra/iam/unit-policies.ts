/**
 * The IAM statements of each pca-mtls unit, on the narrowest resources its
 * actions allow. `Resource: "*"` appears only for actions that have no
 * resource-level permission in the Service Authorization Reference; each such
 * statement says so in its Sid.
 */
import { Aws } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SWEEP_STATE_SECRET } from '../../lib/renewal/sweep-cursor.ts';
import { TAG_SWEEP_CURSOR } from '../../lib/secret-schema/tags.ts';
import { END_ENTITY_TEMPLATES } from './unit-actions.ts';

/** Where each unit's permissions point (ARNs may be CloudFormation tokens). */
export interface UnitScope {
  /** `arn:…:secret:<prefix>*`: every identity and trust secret. */
  readonly secretArnPattern: string;
  /** The Private CAs pca-mtls may issue from. */
  readonly caArns: string[];
  /** `arn:…:ecs:…:service/<cluster>/*` per cluster the renew function may roll. */
  readonly ecsServiceArns: string[];
  /** The KMS key that encrypts the secrets. */
  readonly keyArn: string;
}

const SECRETS_MANAGER_VIA = `secretsmanager.${Aws.REGION}.amazonaws.com`;

export function certificateArnPattern(): string {
  // ACM certificate ids are random: this account's certificates in this region is the narrowest ARN.
  return `arn:${Aws.PARTITION}:acm:${Aws.REGION}:${Aws.ACCOUNT_ID}:certificate/*`;
}

export function secretArnPattern(prefix: string): string {
  return `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${prefix}*`;
}

/** The ARN of a secret by name: Secrets Manager appends '-' and 6 random characters. */
export function secretArnForName(name: string): string {
  return `arn:${Aws.PARTITION}:secretsmanager:${Aws.REGION}:${Aws.ACCOUNT_ID}:secret:${name}-??????`;
}

export function ecsServiceArns(clusterNames: readonly string[]): string[] {
  return clusterNames.map((cluster) => `arn:${Aws.PARTITION}:ecs:${Aws.REGION}:${Aws.ACCOUNT_ID}:service/${cluster}/*`);
}

function templateArns(): string[] {
  return END_ENTITY_TEMPLATES.map((template) => `arn:${Aws.PARTITION}:acm-pca:::template/${template}`);
}

function issueStatement(scope: UnitScope): PolicyStatement {
  return new PolicyStatement({
    sid: 'IssueEndEntityCertificatesFromAllowedCas',
    actions: ['acm-pca:IssueCertificate'],
    resources: scope.caArns,
    conditions: { ArnLike: { 'acm-pca:TemplateArn': templateArns() } },
  });
}

/** Secrets Manager encrypts and decrypts with the key on the caller's behalf; nothing else may use it. */
function keyThroughSecretsManager(actions: string[], scope: UnitScope): PolicyStatement {
  return new PolicyStatement({
    sid: 'UseSecretsKeyOnlyThroughSecretsManager',
    actions,
    resources: [scope.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': SECRETS_MANAGER_VIA } },
  });
}

/** The export function: new identities (ACM or Private CA), the trust bundle, secrets deleted with a stack. */
export function exportStatements(scope: UnitScope): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'RequestCertificateHasNoResourceLevelPermissionOnlyFromAllowedCas',
      actions: ['acm:RequestCertificate'],
      resources: ['*'],
      conditions: { ArnEquals: { 'acm:CertificateAuthority': scope.caArns } },
    }),
    new PolicyStatement({
      sid: 'TagRequestedCertificatesWithTheIdentity',
      actions: ['acm:AddTagsToCertificate'],
      resources: [certificateArnPattern()],
      conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['pca-mtls:identity'] } },
    }),
    new PolicyStatement({
      sid: 'ReadAndExportCertificates',
      actions: ['acm:DescribeCertificate', 'acm:ExportCertificate'],
      resources: [certificateArnPattern()],
    }),
    new PolicyStatement({
      sid: 'UseAllowedCas',
      actions: [
        'acm-pca:DescribeCertificateAuthority',
        'acm-pca:GetCertificate',
        'acm-pca:GetCertificateAuthorityCertificate',
        'acm-pca:ListPermissions',
        'acm-pca:CreatePermission',
      ],
      resources: scope.caArns,
    }),
    issueStatement(scope),
    new PolicyStatement({
      sid: 'ManagePcaMtlsSecrets',
      actions: [
        'secretsmanager:CreateSecret',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        // A redeploy identity's first version is labelled at export (the renew function rolls from it).
        'secretsmanager:UpdateSecretVersionStage',
        'secretsmanager:TagResource',
        'secretsmanager:DeleteSecret',
      ],
      resources: [scope.secretArnPattern],
    }),
    keyThroughSecretsManager(['kms:GenerateDataKey', 'kms:Decrypt'], scope),
  ];
}

/** The renew function: sweep inventory and cursor, re-export, renew, re-issue, new secret versions, ECS rolls. */
export function renewStatements(scope: UnitScope): PolicyStatement[] {
  return [
    new PolicyStatement({
      // The sweep lists this account's ACM certificates (a page of 1000 for ceil(N/1000) calls instead of a
      // DescribeCertificate per identity); ListCertificates authorizes on no resource, so "*" is the only form.
      sid: 'ListCertificatesHasNoResourceLevelPermission',
      actions: ['acm:ListCertificates'],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'ReadExportAndRenewCertificates',
      actions: ['acm:DescribeCertificate', 'acm:ExportCertificate', 'acm:RenewCertificate'],
      resources: [certificateArnPattern()],
    }),
    new PolicyStatement({
      sid: 'UseAllowedCas',
      actions: [
        'acm-pca:DescribeCertificateAuthority',
        'acm-pca:GetCertificate',
        'acm-pca:ListPermissions',
        'acm-pca:CreatePermission',
      ],
      resources: scope.caArns,
    }),
    issueStatement(scope),
    new PolicyStatement({
      sid: 'ListSecretsHasNoResourceLevelPermission',
      actions: ['secretsmanager:ListSecrets'],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'WriteNewSecretVersions',
      actions: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:ListSecretVersionIds',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
        'secretsmanager:TagResource',
      ],
      resources: [scope.secretArnPattern],
    }),
    sweepStateStatement(),
    new PolicyStatement({
      sid: 'RollBoundServices',
      actions: ['ecs:DescribeServices', 'ecs:UpdateService'],
      resources: scope.ecsServiceArns,
    }),
    keyThroughSecretsManager(['kms:GenerateDataKey', 'kms:Decrypt'], scope),
  ];
}

/**
 * The sweep keeps its cursor in a tag on one secret (lib/renewal/sweep-cursor.ts), whose name is fixed
 * whatever the stack's prefix: the renew function may create that secret and tag it with the cursor only.
 */
function sweepStateStatement(): PolicyStatement {
  return new PolicyStatement({
    sid: 'CreateAndTagTheSweepStateSecret',
    actions: ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'],
    resources: [secretArnForName(SWEEP_STATE_SECRET)],
    conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [TAG_SWEEP_CURSOR] } },
  });
}

export interface AgentScope {
  /** ARNs (or `name-??????` patterns) of the identity secret and the trust secret. */
  readonly secretArns: string[];
  /** The key ARN, or `arn:…:key/*` narrowed by the alias condition. */
  readonly keyArn: string;
  /** When the key is known only by its alias: `kms:ResourceAliases` must contain it. */
  readonly keyAlias?: string;
}

/** An agent (EnvoyMtlsSidecar task role): read exactly its identity and the trust bundle. */
export function agentStatements(scope: AgentScope): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'BatchGetSecretValueHasNoResourceLevelPermission',
      // Each secret in the batch is authorized as GetSecretValue on that secret (statement below).
      actions: ['secretsmanager:BatchGetSecretValue'],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'ReadIdentityAndTrustSecrets',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: scope.secretArns,
    }),
    new PolicyStatement({
      sid: 'DecryptOnlyThroughSecretsManager',
      actions: ['kms:Decrypt'],
      resources: [scope.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': SECRETS_MANAGER_VIA },
        ...(scope.keyAlias ? { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [scope.keyAlias] } } : {}),
      },
    }),
  ];
}
