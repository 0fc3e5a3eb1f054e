import type { CustomResourceEvent, CustomResourceOutcome } from '../../lib/cloudformation/custom-resource-response.ts';
import { deleteIdentitySecret } from '../../lib/identity/delete-identity-secret.ts';
import { exportIdentity, type ExportClients } from '../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../lib/identity/export-request.ts';
import type { Logger } from '../../lib/logger.ts';
import { removeTrustedCas, syncTrustBundle } from '../../lib/trust/sync-trust-bundle.ts';
import {
  deleteRequestFromProperties,
  exportRequestFromProperties,
  isTrue,
  isTrustBundleResource,
  trustBundleCaArns,
  trustBundleSyncFromProperties,
  trustSecretIdOf,
} from './custom-resource-properties.ts';

export interface CustomResourceDependencies {
  clients: ExportClients;
  now?: () => Date;
}

/**
 * Carries out one custom resource request with lib/ and shapes CloudFormation's
 * answer: `Custom::PcaMtlsIdentity` exports (Create, Update) or optionally
 * deletes the identity's secret (Delete); `Kind: TrustBundle` keeps the trust
 * bundle in step with `CaArns`. Throws on failure; the caller answers FAILED.
 */
export async function carryOutCustomResource(
  deps: CustomResourceDependencies,
  log: Logger,
  event: CustomResourceEvent,
): Promise<CustomResourceOutcome> {
  const properties = event.ResourceProperties ?? {};
  if (isTrustBundleResource(properties)) return manageTrustBundle(deps, event);
  if (event.RequestType === 'Delete') return deleteIdentity(deps, log, event);
  const request = parseExportRequest(exportRequestFromProperties(properties));
  const result = await exportIdentity({ clients: deps.clients, logger: log, now: deps.now }, request);
  return {
    status: 'SUCCESS',
    physicalResourceId: result.secretArn,
    data: {
      SecretArn: result.secretArn,
      Serial: result.serial,
      NotAfter: result.notAfter,
      VersionId: result.versionId,
    },
  };
}

async function deleteIdentity(
  deps: CustomResourceDependencies,
  log: Logger,
  event: CustomResourceEvent,
): Promise<CustomResourceOutcome> {
  const properties = event.ResourceProperties ?? {};
  const secretArn = event.PhysicalResourceId;
  const physicalResourceId = secretArn ?? 'none';
  // A Create that failed left a placeholder id, not an ARN: there is nothing to delete.
  if (!secretArn?.startsWith('arn:') || !isTrue(properties.DeleteSecretOnDelete))
    return { status: 'SUCCESS', physicalResourceId };
  // A Delete never fails over a secret left alone: that would block the stack's deletion.
  const outcome = await deleteIdentitySecret(deps.clients, log, deleteRequestFromProperties(secretArn, properties));
  return { status: 'SUCCESS', physicalResourceId, ...(outcome.reason ? { reason: outcome.reason } : {}) };
}

async function manageTrustBundle(
  deps: CustomResourceDependencies,
  event: CustomResourceEvent,
): Promise<CustomResourceOutcome> {
  const properties = event.ResourceProperties;
  if (event.RequestType === 'Delete') {
    const secretId = trustSecretIdOf(properties);
    if (isTrue(properties.RemoveOnDelete))
      await removeTrustedCas(deps.clients, trustBundleCaArns(properties), secretId);
    return { status: 'SUCCESS', physicalResourceId: event.PhysicalResourceId ?? secretId };
  }
  const sync = trustBundleSyncFromProperties(properties, event.OldResourceProperties);
  await syncTrustBundle(deps.clients, sync);
  return {
    status: 'SUCCESS',
    physicalResourceId: trustSecretIdOf(properties),
    data: { SecretId: trustSecretIdOf(properties), CaCount: String(sync.caArns.length) },
  };
}
