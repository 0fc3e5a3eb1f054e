/**
 * The PcaMtls stack's settings from CDK context (`cdk.json`, or
 * `npx cdk deploy -c pca-mtls:caArns=arn1,arn2`). Nothing here needs
 * credentials: without CA ARNs in context the stack asks for them as the
 * CloudFormation parameter `CertificateAuthorityArns` at deploy time.
 */
import type { PcaMtlsStackProps } from './pca-mtls-stack.ts';

export const CONTEXT_KEYS = {
  caArns: 'pca-mtls:caArns',
  secretNamePrefix: 'pca-mtls:secretNamePrefix',
  alarmTopicArn: 'pca-mtls:alarmTopicArn',
  ecsClusterNames: 'pca-mtls:ecsClusterNames',
} as const;

export type Context = (key: string) => unknown;

/** A context value given as a JSON array, or as a comma-separated string on the command line. */
export function contextList(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function contextString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function stackPropsFromContext(context: Context): PcaMtlsStackProps {
  return {
    certificateAuthorityArns: contextList(context(CONTEXT_KEYS.caArns)),
    secretNamePrefix: contextString(context(CONTEXT_KEYS.secretNamePrefix)),
    alarmTopicArn: contextString(context(CONTEXT_KEYS.alarmTopicArn)),
    ecsClusterNames: contextList(context(CONTEXT_KEYS.ecsClusterNames)),
  };
}
