import type { DescribeSecretResponse } from '@aws-sdk/client-secrets-manager';
import type { Logger } from '../logger.ts';
import { bindingTags } from './binding-tags.ts';
import { exportFromAcmSource } from './export-from-acm.ts';
import { issueFromPcaSource } from './export-from-pca.ts';
import type { ExportRequest } from './export-request.ts';
import type { ExportDependencies, ExportResult, KnownState } from './export-types.ts';
import type { ExportedMaterial } from './exported-material.ts';
import { markFirstVersionRolled, storeIdentitySecret } from './store-identity-secret.ts';
import { verifiedIdentitySecret } from './verified-identity-secret.ts';

export type { ExportClients, ExportDependencies, ExportResult, KnownState } from './export-types.ts';

/**
 * Steps 1–2 of the flow: get a private certificate for an identity from its
 * source (`export-from-acm.ts`: through ACM; `export-from-pca.ts`: straight
 * from Private CA with a key generated here), verify the material in memory,
 * and store it as one `pca-mtls/v1` secret version per serial. Nothing is
 * written unless every check passed.
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
  const log = deps.logger.child({ identity: request.identity, source: request.source, secretId: request.secretId });
  if (request.source === 'pca') {
    const material = await issueFromPcaSource(deps.clients, request, log);
    return verifyAndStore(deps, request, { material, described: known.secret }, log);
  }
  const outcome = await exportFromAcmSource(deps, request, known, log);
  return outcome.kind === 'stored' ? outcome.result : verifyAndStore(deps, request, outcome, log);
}

/** Verifies fresh material and stores it as the identity's next secret version. */
async function verifyAndStore(
  deps: ExportDependencies,
  request: ExportRequest,
  fresh: { material: ExportedMaterial; described: DescribeSecretResponse | null | undefined },
  log: Logger,
): Promise<ExportResult> {
  const { material, described } = fresh;
  const { secret, verified } = verifiedIdentitySecret(request, material, deps.now ?? (() => new Date()));
  const { serial } = secret;
  log.debug(
    { serial, notAfter: verified.notAfter, keyAlgorithm: verified.keyAlgorithm, chainLength: verified.chain.length },
    'material verified in memory',
  );
  const stored = await storeIdentitySecret(deps.clients.secrets, {
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
    await markFirstVersionRolled(deps.clients.secrets, stored.secretArn, stored.versionId);
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
