import { CustomResource, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DEFAULT_TRUST_SECRET_ID } from '../../lib/vocabulary.ts';
import { defaultExportFunctionArn } from './export-function-arn.ts';
import { InvalidPropsError } from './props-error.ts';

const PCA_ARN = /^arn:aws[a-z-]*:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[0-9a-f-]{36}$/;

export interface PcaMtlsTrustBundleProps {
  /** Every CA peers must trust (several during a CA rotation); a list token is accepted. */
  readonly caArns: string[];
  /** Default `pca-mtls/trust`. */
  readonly secretName?: string;
  /** Remove these CAs from the bundle when the resource is deleted. Default: keep them. */
  readonly removeOnDelete?: boolean;
  /** Default: the PcaMtls stack's `pca-mtls-export` function in this account and region. */
  readonly exportFunctionArn?: string;
}

/**
 * The trust bundle (`pca-mtls-trust/v1` secret) kept in step with a list of
 * CAs through the export function: CAs added on create/update, CAs dropped
 * from the list removed.
 */
export class PcaMtlsTrustBundle extends Construct {
  readonly secretName: string;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: PcaMtlsTrustBundleProps) {
    super(scope, id);
    const listToken = Token.isUnresolved(props.caArns);
    if (!listToken && props.caArns.length === 0) {
      throw new InvalidPropsError('PcaMtlsTrustBundle', 'caArns', 'must list at least one Private CA ARN');
    }
    for (const arn of listToken ? [] : props.caArns) {
      if (!Token.isUnresolved(arn) && !PCA_ARN.test(arn)) {
        throw new InvalidPropsError('PcaMtlsTrustBundle', 'caArns', `has '${arn}', which is not a Private CA ARN`);
      }
    }
    this.secretName = props.secretName ?? DEFAULT_TRUST_SECRET_ID;
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: props.exportFunctionArn ?? defaultExportFunctionArn(),
      resourceType: 'Custom::PcaMtlsTrustBundle',
      properties: {
        Kind: 'TrustBundle',
        CaArns: props.caArns,
        SecretId: this.secretName,
        RemoveOnDelete: props.removeOnDelete ? 'true' : undefined,
      },
    });
  }
}
