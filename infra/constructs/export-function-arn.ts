import { Aws } from 'aws-cdk-lib';
import { EXPORT_FUNCTION_NAME } from '../rules/renewal-rules.ts';

/** The export function the PcaMtls stack deploys in this account and region (its name is fixed). */
export function defaultExportFunctionArn(): string {
  return `arn:${Aws.PARTITION}:lambda:${Aws.REGION}:${Aws.ACCOUNT_ID}:function:${EXPORT_FUNCTION_NAME}`;
}
