import type { CertificateDetail } from '@aws-sdk/client-acm';
import type { DescribeSecretResponse } from '@aws-sdk/client-secrets-manager';
import { waitUntilIssued } from '../acm/wait-until-issued.js';
import type { AwsClients } from '../aws/clients.js';
import type { Logger } from '../logger.js';
import { verifyIdentityMaterial } from '../pki/index.js';
import { IDENTITY_SCHEMA, type IdentitySecret } from '../secret-schema/identity-secret.js';
import { TAG_CERTIFICATE_ARN } from '../secret-schema/tags.js';
import { normalizeSerial } from '../serial.js';
import { bindingTags } from './binding-tags.js';
import {
  checkExportable,
  checkPublicCertificateRole,
  describeExportableCertificate,
  ensureAcmCanRenew,
  exportAcmCertificate,
  requestAcmCertificate,
} from './acm-certificate.js';
import type { ExportRequest } from './export-request.js';
import type { ExportedMaterial } from './exported-material.js';
import { issueFromPrivateCa } from './private-ca-certificate.js';
import { randomPassphrase } from './random-passphrase.js';
import {
  describeSecret,
  markFirstVersionRolled,
  storeIdentitySecret,
  tagSecret,
  versionTokenFor,
} from './store-identity-secret.js';
import { describeUsableCa } from './usable-ca.js';

export interface ExportResult {
  identity: string;
  secretArn: string;
  versionId: string;
  certificateArn?: string;
  caArn?: string;
  serial: string;
  notAfter: string;
  /** False when this certificate was already stored: nothing new was written. */
  created: boolean;
}

/** The clients an export uses: ACM, Private CA, Secrets Manager. */
export type ExportClients = Pick<AwsClients, 'acm' | 'pca' | 'secrets'>;

export interface ExportDependencies {
  clients: ExportClients;
  logger: Logger;
  now?: () => Date;
  /** Awaited right before ExportCertificate (a RatePacer's `take`): keeps a fleet of renewals under the quota. */
  beforeExport?: () => Promise<void>;
}

/**
 * What the caller already read moments ago, so the export does not ask again
 * (renewal lists secrets and describes the certificate before deciding).
 */
export interface KnownState {
  /** DescribeCertificate's answer for `request.certificateArn`. */
  certificate?: CertificateDetail;
  /** The secret as DescribeSecret (or a ListSecrets entry) showed it; `null`: absent. */
  secret?: DescribeSecretResponse | null;
}

/**
 * Steps 1–2 of the flow: get a private certificate for an identity (from ACM,
 * or straight from Private CA with a key generated here), verify the material
 * in memory, and store it as one `pca-mtls/v1` secret version per serial.
 * Nothing is written unless every check passed.
 *
 * @example
 * const result = await exportIdentity({ clients, logger }, parseExportRequest({
 *   identity: 'colorteller', source: 'acm', caArn, domain: 'colorteller.mesh.local', role: 'server',
 * }));
 */
export async function exportIdentity(
  deps: ExportDependencies,
  request: ExportRequest,
  known: KnownState = {},
): Promise<ExportResult> {
  const { clients } = deps;
  const log = deps.logger.child({ identity: request.identity, source: request.source, secretId: request.secretId });
  const now = deps.now ?? (() => new Date());

  let material: ExportedMaterial;
  /** The secret as DescribeSecret showed it (`null`: absent), when this export already asked. */
  let described: DescribeSecretResponse | null | undefined = known.secret;
  if (request.source === 'pca') {
    const ca = await describeUsableCa(clients.pca, request.caArn!, {
      viaAcm: false,
      keyAlgorithm: request.keyAlgorithm,
    });
    const passphrase = randomPassphrase();
    log.debug({ caArn: ca.caArn, usageMode: ca.usageMode }, 'issuing from Private CA');
    material = await issueFromPrivateCa(clients.pca, request, ca, passphrase);
  } else {
    let certificateArn = request.certificateArn;
    let caArn: string | undefined;
    if (!certificateArn) {
      caArn = (
        await describeUsableCa(clients.pca, request.caArn!, { viaAcm: true, keyAlgorithm: request.keyAlgorithm })
      ).caArn;
      log.debug({ caArn }, 'Private CA can issue through ACM');
      certificateArn = await requestAcmCertificate(clients.acm, request);
      log.info({ certificateArn }, 'requested private certificate from ACM');
      await waitUntilIssued(clients.acm, certificateArn);
    }
    const detail =
      known.certificate?.CertificateArn === certificateArn
        ? checkExportable(known.certificate, certificateArn)
        : await describeExportableCertificate(clients.acm, certificateArn);
    checkPublicCertificateRole(detail, certificateArn, request.role);
    caArn ??= detail.CertificateAuthorityArn;
    if (described === undefined) described = (await describeSecret(clients.secrets, request.secretId)) ?? null;
    const stored = detail.Serial ? storedVersion(described, request, normalizeSerial(detail.Serial)) : undefined;
    if (stored) {
      const facts = {
        certificateArn,
        source: request.source,
        role: request.role,
        serial: stored.serial,
        notBefore: detail.NotBefore ?? new Date(0),
        notAfter: detail.NotAfter ?? new Date(0),
      };
      await tagSecret(clients.secrets, stored.secretArn, bindingTags(request, facts), described?.Tags);
      log.info({ certificateArn, serial: stored.serial }, 'certificate already exported; nothing to write');
      return { ...stored, certificateArn, caArn, notAfter: detail.NotAfter?.toISOString() ?? '' };
    }
    // The first export of a certificate makes sure ACM may renew it; a re-export
    // (after ACM renewed it, which proves the permission) skips the check.
    if (caArn && !exportedBefore(described, certificateArn)) await ensureAcmCanRenew(clients.pca, caArn);
    const passphrase = randomPassphrase();
    log.debug({ certificateArn }, 'exporting certificate with a fresh random passphrase');
    await deps.beforeExport?.();
    material = { ...(await exportAcmCertificate(clients.acm, certificateArn, passphrase)), caArn };
  }

  const verified = verifyIdentityMaterial({
    certificatePem: material.certificatePem,
    chainPem: material.chainPem,
    encryptedKeyPem: material.encryptedKeyPem,
    passphrase: material.passphrase,
    role: request.role,
    now: now(),
    expectedDns: request.domain ? [request.domain, ...request.sans] : undefined,
  });
  const serial = normalizeSerial(verified.serial);
  log.debug(
    { serial, notAfter: verified.notAfter, keyAlgorithm: verified.keyAlgorithm, chainLength: verified.chain.length },
    'material verified in memory',
  );
  const secret: IdentitySecret = {
    schema: IDENTITY_SCHEMA,
    identity: request.identity,
    source: request.source,
    ...(request.source === 'acm' ? { certificateArn: material.certificateArn } : { caArn: material.caArn }),
    certificate: material.certificatePem,
    certificateChain: material.chainPem,
    privateKey: material.encryptedKeyPem,
    passphrase: material.passphrase,
    serial,
    notBefore: verified.notBefore.toISOString(),
    notAfter: verified.notAfter.toISOString(),
    keyAlgorithm: verified.keyAlgorithm,
    exportedAt: now().toISOString(),
  };
  const stored = await storeIdentitySecret(clients.secrets, {
    secretId: request.secretId,
    secret,
    kmsKeyId: request.kmsKeyId,
    tags: bindingTags(request, {
      ...verified,
      certificateArn: material.certificateArn,
      source: request.source,
      role: request.role,
      serial,
    }),
    versionToken: request.versionToken,
    described,
  });
  // A redeploy identity's services were deployed with its first version: nothing to roll for it.
  if (stored.firstVersion && request.rotation === 'redeploy')
    await markFirstVersionRolled(clients.secrets, stored.secretArn, stored.versionId);
  log.info(
    { secretArn: stored.secretArn, versionId: stored.versionId, serial, created: stored.created },
    'identity exported',
  );
  return {
    identity: request.identity,
    secretArn: stored.secretArn,
    versionId: stored.versionId,
    certificateArn: material.certificateArn,
    caArn: material.caArn,
    serial,
    notAfter: secret.notAfter,
    created: stored.created,
  };
}

/** The version already holding this serial, if any: re-running an export then costs no ExportCertificate call. */
function storedVersion(described: DescribeSecretResponse | null, request: ExportRequest, serial: string) {
  const token = versionTokenFor(request.identity, serial);
  if (!described?.VersionIdsToStages?.[token] || described.DeletedDate) return undefined;
  return { identity: request.identity, secretArn: described.ARN!, versionId: token, serial, created: false };
}

/** The secret is already bound to this ACM certificate: it was exported (and checked) before. */
function exportedBefore(described: DescribeSecretResponse | null, certificateArn: string): boolean {
  return Boolean(described?.Tags?.some((tag) => tag.Key === TAG_CERTIFICATE_ARN && tag.Value === certificateArn));
}
