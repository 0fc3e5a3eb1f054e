import {
  ListSecretsCommand,
  type Filter,
  type SecretListEntry,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { awsCall } from '../aws/aws-call-error.js';
import { isRotationMode, type RotationMode } from '../vocabulary.js';
import { TAG_CERTIFICATE_ARN, TAG_ECS_SERVICES, TAG_IDENTITY, TAG_ROTATION } from '../secret-schema/tags.js';

/**
 * An identity secret as its tags bind it (docs/architecture.md, "Tags and staging labels"):
 * what renewal reads before touching any secret value.
 */
export interface BoundIdentity {
  identity: string;
  secretArn: string;
  secretName: string;
  /** `pca-mtls:certificate-arn`: the ACM certificate (source acm) or the Private CA certificate (source pca). */
  certificateArn?: string;
  /** Inferred from the certificate ARN's service; undefined when the tag is empty (read the secret). */
  source?: 'acm' | 'pca';
  /** `cluster/service` entries. */
  ecsServices: string[];
  rotation: RotationMode;
  /** VersionId → staging labels, as ListSecrets reported them. */
  versionStages: Record<string, string[]>;
}

const ACM_CERTIFICATE = /^arn:aws[a-z-]*:acm:/;
const PCA_CERTIFICATE = /^arn:aws[a-z-]*:acm-pca:/;

/**
 * Every live pca-mtls identity secret (tag `pca-mtls:identity`), or only
 * those bound to `certificateArn`. ListSecrets filters on tag values by
 * prefix, so the exact tag is checked here too.
 */
export async function listBoundIdentities(
  secrets: SecretsManagerClient,
  options: { certificateArn?: string } = {},
): Promise<BoundIdentity[]> {
  const filters: Filter[] = [{ Key: 'tag-key', Values: [TAG_IDENTITY] }];
  if (options.certificateArn) filters.push({ Key: 'tag-value', Values: [options.certificateArn] });
  const found: BoundIdentity[] = [];
  let NextToken: string | undefined;
  do {
    const page = await awsCall('secretsmanager:ListSecrets', () =>
      secrets.send(new ListSecretsCommand({ Filters: filters, MaxResults: 100, NextToken })),
    );
    for (const entry of page.SecretList ?? []) {
      const bound = boundIdentityOf(entry);
      if (bound && (!options.certificateArn || bound.certificateArn === options.certificateArn)) found.push(bound);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return found.sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
}

export function boundIdentityOf(entry: SecretListEntry): BoundIdentity | undefined {
  const tags = Object.fromEntries((entry.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
  const identity = tags[TAG_IDENTITY];
  if (!identity || !entry.ARN || entry.DeletedDate) return undefined;
  const certificateArn = tags[TAG_CERTIFICATE_ARN] || undefined;
  const rotationTag = tags[TAG_ROTATION] ?? '';
  const rotation: RotationMode = isRotationMode(rotationTag) ? rotationTag : 'hot';
  return {
    identity,
    secretArn: entry.ARN,
    secretName: entry.Name ?? entry.ARN,
    certificateArn,
    source:
      certificateArn && ACM_CERTIFICATE.test(certificateArn)
        ? 'acm'
        : certificateArn && PCA_CERTIFICATE.test(certificateArn)
          ? 'pca'
          : undefined,
    ecsServices: (tags[TAG_ECS_SERVICES] ?? '').split(/\s+/).filter(Boolean),
    rotation,
    versionStages: Object.fromEntries(
      Object.entries(entry.SecretVersionsToStages ?? {}).map(([id, stages]) => [id, [...stages]]),
    ),
  };
}
