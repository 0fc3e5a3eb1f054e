/**
 * The inventory behind `pca-mtls status`: every secret tagged
 * `pca-mtls:identity`, what certificate it holds, how it is bound and rotated,
 * and what needs attention. Only serials, dates and names leave here — never
 * the key, the passphrase or the secret's JSON.
 */
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import {
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  GetSecretValueCommand,
  type SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import { awsCall, AwsCallError } from '../../lib/aws/aws-call-error.ts';
import type { AwsClients } from '../../lib/aws/clients.ts';
import { parseCertificate } from '../../lib/pki/index.ts';
import { readIdentityMaterial } from '../../lib/secret-schema/identity-secret.ts';
import { TAG_CERTIFICATE_ARN, TAG_ECS_SERVICES, TAG_IDENTITY, TAG_ROTATION } from '../../lib/secret-schema/tags.ts';
import { normalizeSerial } from '../../lib/serial.ts';
import { InventoryUnavailableError } from './errors.ts';
import { assessRenewal } from './renewal-policy.ts';

export type ProblemLevel = 'warning' | 'error';

export interface StatusProblem {
  level: ProblemLevel;
  /**
   * Stable: EXPIRED, RENEWAL_DUE, ACM_SERIAL_DIFFERS, ACM_RENEWAL_INELIGIBLE, ACM_CERTIFICATE_MISSING,
   * ACM_UNREADABLE, SECRET_UNREADABLE.
   */
  code: string;
  message: string;
}

export interface IdentityStatus {
  identity: string;
  secretName: string;
  secretArn: string;
  /** `legacy` for the App Mesh sample's format; unknown when the secret could not be read. */
  source?: 'acm' | 'pca' | 'legacy';
  serial?: string;
  notBefore?: string;
  notAfter?: string;
  daysLeft?: number;
  rotation?: string;
  ecsServices: string[];
  certificateArn?: string;
  /** ACM's current serial for `acm` identities (differs after a renewal until re-exported). */
  acmSerial?: string;
  /** ACM's RenewalEligibility for `acm` identities: INELIGIBLE once renewed and not exported since. */
  renewalEligibility?: string;
  lastExport?: string;
  versionCount?: number;
  state: 'ok' | ProblemLevel;
  problems: StatusProblem[];
}

export interface StatusReport {
  /** The instant thresholds were evaluated at. */
  evaluatedAt: string;
  identities: IdentityStatus[];
  summary: { ok: number; warning: number; error: number };
}

export type StatusClients = Pick<AwsClients, 'secrets' | 'acm'>;

async function listIdentitySecrets(clients: StatusClients): Promise<SecretListEntry[]> {
  const entries: SecretListEntry[] = [];
  let NextToken: string | undefined;
  do {
    const page = await awsCall('secretsmanager:ListSecrets', () =>
      clients.secrets.send(
        new ListSecretsCommand({ Filters: [{ Key: 'tag-key', Values: [TAG_IDENTITY] }], MaxResults: 100, NextToken }),
      ),
    );
    // tag-key is a prefix match: keep exactly our tag.
    entries.push(...(page.SecretList ?? []).filter((s) => s.Tags?.some((t) => t.Key === TAG_IDENTITY)));
    NextToken = page.NextToken;
  } while (NextToken);
  return entries;
}

async function countVersions(clients: StatusClients, secretArn: string): Promise<number> {
  let count = 0;
  let NextToken: string | undefined;
  do {
    const page = await awsCall('secretsmanager:ListSecretVersionIds', () =>
      clients.secrets.send(
        new ListSecretVersionIdsCommand({ SecretId: secretArn, IncludeDeprecated: true, MaxResults: 100, NextToken }),
      ),
    );
    count += page.Versions?.length ?? 0;
    NextToken = page.NextToken;
  } while (NextToken);
  return count;
}

function tag(entry: SecretListEntry, key: string): string | undefined {
  return entry.Tags?.find((t) => t.Key === key)?.Value;
}

type ReportProblem = (level: ProblemLevel, code: string, message: string) => void;

async function statusOf(clients: StatusClients, entry: SecretListEntry, now: Date): Promise<IdentityStatus> {
  const status: IdentityStatus = {
    identity: tag(entry, TAG_IDENTITY) ?? '?',
    secretName: entry.Name!,
    secretArn: entry.ARN!,
    ...(tag(entry, TAG_ROTATION) ? { rotation: tag(entry, TAG_ROTATION) } : {}),
    ecsServices: (tag(entry, TAG_ECS_SERVICES) ?? '').split(' ').filter((s) => s !== ''),
    state: 'ok',
    problems: [],
  };
  const problem: ReportProblem = (level, code, message) => status.problems.push({ level, code, message });
  await readSecret(clients, entry, status, problem);
  assessValidity(status, now, problem);
  if (status.certificateArn) await compareWithAcm(clients, status, problem);
  status.state = status.problems.some((p) => p.level === 'error')
    ? 'error'
    : status.problems.length > 0
      ? 'warning'
      : 'ok';
  return status;
}

/** What the secret holds: its versions, source, serial, validity and ACM certificate (for `acm` and legacy). */
async function readSecret(
  clients: StatusClients,
  entry: SecretListEntry,
  status: IdentityStatus,
  problem: ReportProblem,
): Promise<void> {
  try {
    status.versionCount = await countVersions(clients, status.secretArn);
    const value = await awsCall('secretsmanager:GetSecretValue', () =>
      clients.secrets.send(new GetSecretValueCommand({ SecretId: status.secretArn })),
    );
    const material = readIdentityMaterial(value.SecretString ?? '', entry.Name!);
    const leaf = parseCertificate(material.certificate);
    const secret = material.secret;
    status.source = secret?.source ?? 'legacy';
    status.serial = normalizeSerial(secret?.serial ?? leaf.serial);
    status.notBefore = leaf.notBefore.toISOString();
    status.notAfter = leaf.notAfter.toISOString();
    status.lastExport = secret?.exportedAt ?? entry.LastChangedDate?.toISOString();
    const certificateArn = secret?.certificateArn ?? tag(entry, TAG_CERTIFICATE_ARN);
    if (certificateArn && status.source !== 'pca') status.certificateArn = certificateArn;
  } catch (err) {
    problem(
      'error',
      'SECRET_UNREADABLE',
      `secret ${entry.Name} cannot be read as an identity: ${(err as Error).message}`,
    );
  }
}

/** Days left, and whether the certificate expired or is due for renewal under its source's policy. */
function assessValidity(status: IdentityStatus, now: Date, problem: ReportProblem): void {
  if (!status.notAfter || !status.notBefore) return;
  const assessment = assessRenewal(
    status.source ?? 'legacy',
    new Date(status.notBefore),
    new Date(status.notAfter),
    now,
  );
  status.daysLeft = assessment.daysLeft;
  if (assessment.expired) problem('error', 'EXPIRED', `certificate ${status.serial} expired at ${status.notAfter}`);
  else if (assessment.renewalDue)
    problem(
      'warning',
      'RENEWAL_DUE',
      `certificate ${status.serial} is ${assessment.reason}: ${assessment.daysLeft} day(s) left`,
    );
}

/** ACM's current serial against the secret's: after an ACM renewal they differ until re-exported. */
async function compareWithAcm(clients: StatusClients, status: IdentityStatus, problem: ReportProblem): Promise<void> {
  try {
    const described = await awsCall('acm:DescribeCertificate', () =>
      clients.acm.send(new DescribeCertificateCommand({ CertificateArn: status.certificateArn })),
    );
    const acmSerial = described.Certificate?.Serial ? normalizeSerial(described.Certificate.Serial) : undefined;
    if (acmSerial) status.acmSerial = acmSerial;
    if (acmSerial && status.serial && acmSerial !== status.serial) {
      problem(
        'warning',
        'ACM_SERIAL_DIFFERS',
        `ACM holds serial ${acmSerial} but the secret holds ${status.serial}: ACM renewed it; re-export needed (pca-mtls export --identity ${status.identity} --certificate-arn ${status.certificateArn})`,
      );
    }
    const eligibility = described.Certificate?.RenewalEligibility;
    if (eligibility) status.renewalEligibility = eligibility;
    if (eligibility === 'INELIGIBLE' && described.Certificate?.Status === 'ISSUED') {
      problem(
        'warning',
        'ACM_RENEWAL_INELIGIBLE',
        `ACM will not renew ${status.certificateArn}: it was not exported since it was issued or last renewed, so ACM lets it expire; export it again (pca-mtls export --identity ${status.identity} --certificate-arn ${status.certificateArn}, or let the reconcile sweep do it)`,
      );
    }
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'AWS_NOT_FOUND') {
      problem(
        'error',
        'ACM_CERTIFICATE_MISSING',
        `ACM certificate ${status.certificateArn} no longer exists; this identity cannot be renewed through ACM`,
      );
    } else {
      problem('warning', 'ACM_UNREADABLE', `cannot compare with ACM: ${(err as Error).message}`);
    }
  }
}

/**
 * @example
 * const report = await collectStatus(clients, new Date());
 * report.identities.filter((i) => i.state !== 'ok')
 * @throws InventoryUnavailableError when the secrets cannot be listed
 */
export async function collectStatus(clients: StatusClients, now: Date): Promise<StatusReport> {
  let entries: SecretListEntry[];
  try {
    entries = await listIdentitySecrets(clients);
  } catch (err) {
    throw new InventoryUnavailableError((err as Error).message, { cause: err });
  }
  const identities = await Promise.all(entries.map((entry) => statusOf(clients, entry, now)));
  identities.sort((a, b) => a.identity.localeCompare(b.identity) || a.secretName.localeCompare(b.secretName));
  const count = (state: IdentityStatus['state']) => identities.filter((i) => i.state === state).length;
  return {
    evaluatedAt: now.toISOString(),
    identities,
    summary: { ok: count('ok'), warning: count('warning'), error: count('error') },
  };
}
