import { CustomResource, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ExportRequestError } from '../../lib/identity/errors.ts';
import { DEFAULT_SOURCE, parseExportRequest } from '../../lib/identity/export-request.ts';
import { SECRET_ID_PREFIX, type Role } from '../../lib/vocabulary.ts';
import { defaultExportFunctionArn } from './export-function-arn.ts';
import { InvalidPropsError } from './props-error.ts';
import { SECRETS_KEY_ALIAS } from './secrets-key.ts';

export interface PcaMtlsIdentityProps {
  /** The identity's name (`colorteller`): 1-64 lowercase letters, digits and inner hyphens. */
  readonly identity: string;
  /** `acm` (ACM requests and renews; general-purpose CA) or `pca` (issued directly; short-lived CAs too). */
  readonly source?: 'acm' | 'pca';
  /** The Private CA to issue from (or `certificateArn`). */
  readonly caArn?: string;
  /** An existing ACM private certificate to export instead (`acm` only). */
  readonly certificateArn?: string;
  readonly domain?: string;
  readonly subjectAlternativeNames?: string[];
  readonly keyAlgorithm?: 'EC_prime256v1' | 'EC_secp384r1' | 'RSA_2048';
  readonly role?: Role;
  /** `pca` only: 7 on a short-lived CA, 30 otherwise by default. */
  readonly validityDays?: number;
  /** Default `pca-mtls/<identity>`. */
  readonly secretName?: string;
  /** ECS services (`cluster/service`) the renew function rolls for `redeploy`. */
  readonly ecsServices?: string[];
  readonly rotation?: 'hot' | 'redeploy';
  /** The KMS key of the secret: default the PcaMtls stack's key (`alias/pca-mtls`). */
  readonly kmsKeyId?: string;
  /** Delete the secret (7-day recovery window) when the resource is deleted. Default: keep it. */
  readonly deleteSecretOnDelete?: boolean;
  /** Default: the PcaMtls stack's `pca-mtls-export` function in this account and region. */
  readonly exportFunctionArn?: string;
}

/** Placeholders that pass the export request's format checks where a prop is a deploy-time token. */
const TOKEN_STANDINS: Record<string, string> = {
  caArn: 'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/00000000-0000-0000-0000-000000000000',
  certificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-0000-0000-000000000000',
  secretId: 'pca-mtls/token',
};

/**
 * One identity: a private certificate exported into its Secrets Manager
 * secret by the export function, as a CloudFormation custom resource.
 * Props are checked at synth by the same parser the function uses.
 */
export class PcaMtlsIdentity extends Construct {
  readonly secretName: string;
  /** The secret's full ARN (with Secrets Manager's suffix), known after deployment. */
  readonly secretArn: string;
  readonly serial: string;
  readonly notAfter: string;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: PcaMtlsIdentityProps) {
    super(scope, id);
    const secretName = props.secretName ?? `${SECRET_ID_PREFIX}${props.identity}`;
    validate(props, secretName);
    this.secretName = secretName;
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: props.exportFunctionArn ?? defaultExportFunctionArn(),
      resourceType: 'Custom::PcaMtlsIdentity',
      properties: {
        Identity: props.identity,
        Source: props.source ?? DEFAULT_SOURCE,
        CaArn: props.caArn,
        CertificateArn: props.certificateArn,
        Domain: props.domain,
        SubjectAlternativeNames: props.subjectAlternativeNames?.join(','),
        KeyAlgorithm: props.keyAlgorithm,
        Role: props.role,
        ValidityDays: props.validityDays === undefined ? undefined : String(props.validityDays),
        SecretId: secretName,
        EcsServices: props.ecsServices?.join(','),
        Rotation: props.rotation,
        KmsKeyId: props.kmsKeyId ?? SECRETS_KEY_ALIAS,
        DeleteSecretOnDelete: props.deleteSecretOnDelete ? 'true' : undefined,
      },
    });
    this.secretArn = this.resource.getAttString('SecretArn');
    this.serial = this.resource.getAttString('Serial');
    this.notAfter = this.resource.getAttString('NotAfter');
  }
}

function validate(props: PcaMtlsIdentityProps, secretName: string): void {
  const raw: Record<string, unknown> = {
    identity: props.identity,
    source: props.source,
    caArn: props.caArn,
    certificateArn: props.certificateArn,
    domain: props.domain,
    sans: props.subjectAlternativeNames,
    keyAlgorithm: props.keyAlgorithm,
    role: props.role,
    validityDays: props.validityDays,
    secretId: secretName,
    ecsServices: props.ecsServices,
    rotation: props.rotation,
  };
  for (const [field, standin] of Object.entries(TOKEN_STANDINS)) {
    if (typeof raw[field] === 'string' && Token.isUnresolved(raw[field])) raw[field] = standin;
  }
  try {
    parseExportRequest(raw);
  } catch (err) {
    if (!(err instanceof ExportRequestError)) throw err;
    const prop = { sans: 'subjectAlternativeNames', secretId: 'secretName' }[err.field] ?? err.field;
    throw new InvalidPropsError('PcaMtlsIdentity', prop, err.message.slice(err.field.length + 1), { cause: err });
  }
}
