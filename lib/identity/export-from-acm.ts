import type { CertificateDetail } from '@aws-sdk/client-acm';
import type { DescribeSecretResponse } from '@aws-sdk/client-secrets-manager';
import { waitUntilIssued } from '../acm/wait-until-issued.ts';
import type { Logger } from '../logger.ts';
import { TAG_CERTIFICATE_ARN } from '../secret-schema/tags.ts';
import { normalizeSerial } from '../serial.ts';
import {
  checkExportable,
  checkPublicCertificateRole,
  describeExportableCertificate,
  ensureAcmCanRenew,
  exportAcmCertificate,
  requestAcmCertificate,
} from './acm-certificate.ts';
import { bindingTags } from './binding-tags.ts';
import type { ExportRequest } from './export-request.ts';
import type { ExportDependencies, ExportResult, KnownState } from './export-types.ts';
import type { ExportedMaterial } from './exported-material.ts';
import { randomPassphrase } from './random-passphrase.ts';
import { describeSecret, tagSecret, versionTokenFor } from './store-identity-secret.ts';
import { describeUsableCa } from './usable-ca.ts';

/**
 * What the `acm` source yields: fresh material to verify and store (with the
 * secret as this export described it), or the result of an earlier export of
 * the same certificate, which needs no write but its tags.
 */
export type AcmSourceOutcome =
  | { kind: 'material'; material: ExportedMaterial; described: DescribeSecretResponse | null }
  | { kind: 'stored'; result: ExportResult };

/**
 * The `acm` source: the given certificate, or one requested from ACM against
 * the Private CA (ACM owns the key and renews it), exported with a fresh
 * random passphrase. A certificate already stored in the secret is not
 * exported again: re-running an export costs no ExportCertificate call.
 */
export async function exportFromAcmSource(
  deps: ExportDependencies,
  request: ExportRequest,
  known: KnownState,
  log: Logger,
): Promise<AcmSourceOutcome> {
  const { clients } = deps;
  const { certificateArn, caArn: requestedFrom } = await certificateToExport(deps, request, log);
  const detail =
    known.certificate?.CertificateArn === certificateArn
      ? checkExportable(known.certificate, certificateArn)
      : await describeExportableCertificate(clients.acm, certificateArn);
  checkPublicCertificateRole(detail, certificateArn, request.role);
  const caArn = requestedFrom ?? detail.CertificateAuthorityArn;
  const described =
    known.secret === undefined ? ((await describeSecret(clients.secrets, request.secretId)) ?? null) : known.secret;
  const stored = detail.Serial ? storedVersion(described, request, normalizeSerial(detail.Serial)) : undefined;
  if (stored) {
    await retagStoredVersion(deps, request, { certificateArn, detail, stored, described });
    log.info({ certificateArn, serial: stored.serial }, 'certificate already exported; nothing to write');
    return {
      kind: 'stored',
      result: { ...stored, certificateArn, caArn, notAfter: detail.NotAfter?.toISOString() ?? '' },
    };
  }
  // The first export of a certificate makes sure ACM may renew it; a re-export
  // (after ACM renewed it, which proves the permission) skips the check.
  if (caArn && !exportedBefore(described, certificateArn)) await ensureAcmCanRenew(clients.pca, caArn);
  const passphrase = randomPassphrase();
  log.debug({ certificateArn }, 'exporting certificate with a fresh random passphrase');
  await deps.beforeExport?.();
  const material = { ...(await exportAcmCertificate(clients.acm, certificateArn, passphrase)), caArn };
  return { kind: 'material', material, described };
}

/** The request's certificate, or a new one requested from ACM (and waited for) when it names none. */
async function certificateToExport(
  deps: ExportDependencies,
  request: ExportRequest,
  log: Logger,
): Promise<{ certificateArn: string; caArn?: string }> {
  if (request.certificateArn) return { certificateArn: request.certificateArn };
  const { acm, pca } = deps.clients;
  const { caArn } = await describeUsableCa(pca, request.caArn!, { viaAcm: true, keyAlgorithm: request.keyAlgorithm });
  log.debug({ caArn }, 'Private CA can issue through ACM');
  const certificateArn = await requestAcmCertificate(acm, request);
  log.info({ certificateArn }, 'requested private certificate from ACM');
  await waitUntilIssued(acm, certificateArn);
  return { certificateArn, caArn };
}

type StoredVersion = Omit<ExportResult, 'notAfter'>;

/** The version already holding this serial, if any. */
function storedVersion(
  described: DescribeSecretResponse | null,
  request: ExportRequest,
  serial: string,
): StoredVersion | undefined {
  const token = versionTokenFor(request.identity, serial);
  if (!described?.VersionIdsToStages?.[token] || described.DeletedDate) return undefined;
  return { identity: request.identity, secretArn: described.ARN!, versionId: token, serial, created: false };
}

/** Brings the binding tags up to date for a version stored earlier (secrets exported before some tags existed). */
async function retagStoredVersion(
  deps: ExportDependencies,
  request: ExportRequest,
  found: {
    certificateArn: string;
    detail: CertificateDetail;
    stored: StoredVersion;
    described: DescribeSecretResponse | null;
  },
): Promise<void> {
  const { certificateArn, detail, stored, described } = found;
  const facts = {
    certificateArn,
    source: request.source,
    role: request.role,
    serial: stored.serial,
    notBefore: detail.NotBefore ?? new Date(0),
    notAfter: detail.NotAfter ?? new Date(0),
  };
  await tagSecret(deps.clients.secrets, stored.secretArn, bindingTags(request, facts), described?.Tags);
}

/** The secret is already bound to this ACM certificate: it was exported (and checked) before. */
function exportedBefore(described: DescribeSecretResponse | null, certificateArn: string): boolean {
  return Boolean(described?.Tags?.some((tag) => tag.Key === TAG_CERTIFICATE_ARN && tag.Value === certificateArn));
}
