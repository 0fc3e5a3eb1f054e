import {
  ListSecretsCommand,
  type Filter,
  type SecretListEntry,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { awsCall } from '../aws/aws-call-error.ts';
import { isRole, isRotationMode, type Role, type RotationMode } from '../vocabulary.ts';
import {
  TAG_CERTIFICATE_ARN,
  TAG_ECS_SERVICES,
  TAG_IDENTITY,
  TAG_NOT_AFTER,
  TAG_NOT_BEFORE,
  TAG_ROLE,
  TAG_ROTATION,
  TAG_SERIAL,
  TAG_SWEEP_CURSOR,
} from '../secret-schema/tags.ts';

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
  /** Every tag, as listed (what an export compares before tagging again). */
  tags: Record<string, string>;
  /** The AWSCURRENT certificate's facts from the tags; undefined on secrets exported before they were tagged. */
  stored?: StoredFacts;
  /** When the secret last changed (a new version or new tags). */
  lastChangedDate?: Date;
}

/** What the tags say about the AWSCURRENT certificate (lib/identity/binding-tags.ts writes them). */
export interface StoredFacts {
  role: Role;
  serial: string;
  notBefore: number;
  notAfter: number;
}

/** The sweep's cursor (TAG_SWEEP_CURSOR on the sweep state secret), found by the same listing. */
export interface SweepStateEntry {
  secretArn: string;
  cursor?: string;
}

export interface Inventory {
  identities: BoundIdentity[];
  sweepState?: SweepStateEntry;
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
  return (await listInventory(secrets, options)).identities;
}

/**
 * One ListSecrets pass (100 secrets a page) over the identity secrets and,
 * for the sweep, the sweep state secret (both tag keys in one filter: values
 * of a filter are OR-ed), sorted by identity.
 */
export async function listInventory(
  secrets: SecretsManagerClient,
  options: { certificateArn?: string; withSweepState?: boolean } = {},
): Promise<Inventory> {
  const keys = options.withSweepState ? [TAG_IDENTITY, TAG_SWEEP_CURSOR] : [TAG_IDENTITY];
  const filters: Filter[] = [{ Key: 'tag-key', Values: keys }];
  if (options.certificateArn) filters.push({ Key: 'tag-value', Values: [options.certificateArn] });
  const inventory: Inventory = { identities: [] };
  let NextToken: string | undefined;
  do {
    const page = await awsCall('secretsmanager:ListSecrets', () =>
      secrets.send(new ListSecretsCommand({ Filters: filters, MaxResults: 100, NextToken })),
    );
    for (const entry of page.SecretList ?? []) {
      const bound = boundIdentityOf(entry);
      if (bound && (!options.certificateArn || bound.certificateArn === options.certificateArn))
        inventory.identities.push(bound);
      const cursorTag = entry.Tags?.find((tag) => tag.Key === TAG_SWEEP_CURSOR);
      if (!bound && cursorTag && entry.ARN && !entry.DeletedDate)
        inventory.sweepState = { secretArn: entry.ARN, cursor: cursorTag.Value || undefined };
    }
    NextToken = page.NextToken;
  } while (NextToken);
  inventory.identities.sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
  return inventory;
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
    tags,
    stored: storedFactsOf(tags),
    lastChangedDate: entry.LastChangedDate,
  };
}

function storedFactsOf(tags: Record<string, string | undefined>): StoredFacts | undefined {
  const role = tags[TAG_ROLE] ?? '';
  const serial = tags[TAG_SERIAL];
  const notBefore = Date.parse(tags[TAG_NOT_BEFORE] ?? '');
  const notAfter = Date.parse(tags[TAG_NOT_AFTER] ?? '');
  if (!isRole(role) || !serial || Number.isNaN(notBefore) || Number.isNaN(notAfter)) return undefined;
  return { role, serial, notBefore, notAfter };
}
