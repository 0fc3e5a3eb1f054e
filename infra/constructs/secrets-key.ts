import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** The alias tasks find the key by (EnvoyMtlsSidecar's default decrypt condition). */
export const SECRETS_KEY_ALIAS = 'alias/pca-mtls';

/** Key administration: everything but using the key for data. */
const ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

export interface SecretsKeyProps {
  /** Roles that write secrets (export, renew): encrypt and decrypt, through Secrets Manager only. */
  readonly writers: IRole[];
}

/**
 * The customer managed key for pca-mtls secrets, rotated yearly. The key
 * policy keeps data use inside Secrets Manager: the writers may generate data
 * keys and decrypt, and other principals of the account (task roles, granted
 * by their IAM policy) may only decrypt, in both cases only via Secrets
 * Manager in this region. Administration stays with the account.
 */
export class SecretsKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, props: SecretsKeyProps) {
    super(scope, id);
    const viaSecretsManager = { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` };
    const policy = new PolicyDocument({
      statements: [
        new PolicyStatement({
          sid: 'AccountAdministersTheKey',
          principals: [new AccountRootPrincipal()],
          actions: ADMIN_ACTIONS,
          resources: ['*'], // in a key policy, "*" is this key
        }),
        new PolicyStatement({
          sid: 'WritersEncryptThroughSecretsManager',
          principals: props.writers,
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: viaSecretsManager },
        }),
        new PolicyStatement({
          sid: 'AccountPrincipalsDecryptThroughSecretsManager',
          // Delegates to IAM: a task role decrypts only if its own policy allows it (EnvoyMtlsSidecar grants it).
          principals: [new AccountRootPrincipal()],
          actions: ['kms:Decrypt', 'kms:DescribeKey'],
          resources: ['*'],
          conditions: { StringEquals: { ...viaSecretsManager, 'kms:CallerAccount': Aws.ACCOUNT_ID } },
        }),
      ],
    });
    this.key = new Key(this, 'Key', {
      description: 'pca-mtls: encrypts identity and trust-bundle secrets in Secrets Manager',
      enableKeyRotation: true,
      alias: SECRETS_KEY_ALIAS,
      policy,
      // Secrets encrypted with it outlive the stack; deleting the key would make them unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
