import {
  isCustomResourceEvent,
  sendCustomResourceResponse,
  type CustomResourceEvent,
  type CustomResourceOutcome,
} from '../../lib/cloudformation/custom-resource-response.js';
import { exportIdentity, type ExportClients, type ExportResult } from '../../lib/identity/export-identity.js';
import { parseExportRequest } from '../../lib/identity/export-request.js';
import type { Logger } from '../../lib/logger.js';
import { addTrustedCa, removeTrustedCa } from '../../lib/trust/trust-bundle.js';
import { DEFAULT_TRUST_SECRET_ID } from '../../lib/vocabulary.js';
import {
  exportRequestFromProperties,
  isTrue,
  isTrustBundleResource,
  trustBundleCaArns,
} from './custom-resource-properties.js';
import { deleteIdentitySecret } from './delete-identity-secret.js';

export interface LambdaContext {
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

export interface ExportHandlerDependencies {
  clients: ExportClients;
  logger: Logger;
  fetch?: typeof fetch;
  /** The clock certificates are checked against (aws-local's when run locally). */
  now?: () => Date;
}

/** Answer CloudFormation this long before Lambda's own timeout, so a stack never hangs. */
export const RESPONSE_SAFETY_MARGIN_MS = 10_000;

/**
 * The export Lambda: a direct invoke with an export request returns the
 * result (and fails with the typed error); a CloudFormation custom resource
 * event always gets a SUCCESS or FAILED answer at its ResponseURL.
 */
export function createExportHandler(deps: ExportHandlerDependencies) {
  return async function handler(event: unknown, context: LambdaContext = {}): Promise<ExportResult | void> {
    const logger = deps.logger.child({ requestId: context.awsRequestId });
    if (isCustomResourceEvent(event)) {
      await answerCustomResource(deps, logger, event, context);
      return;
    }
    const request = parseExportRequest((event ?? {}) as Record<string, unknown>);
    return exportIdentity({ clients: deps.clients, logger, now: deps.now }, request);
  };
}

async function answerCustomResource(
  deps: ExportHandlerDependencies,
  logger: Logger,
  event: CustomResourceEvent,
  context: LambdaContext,
): Promise<void> {
  const log = logger.child({ requestType: event.RequestType, logicalResourceId: event.LogicalResourceId });
  // Whatever happens, CloudFormation must hear back: a placeholder id for a failed Create.
  const fallbackId = event.PhysicalResourceId ?? `pca-mtls-${event.LogicalResourceId}-not-created`;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<CustomResourceOutcome>((resolve) => {
    const remaining = context.getRemainingTimeInMillis?.();
    if (remaining === undefined) return;
    timer = setTimeout(
      () =>
        resolve({
          status: 'FAILED',
          physicalResourceId: fallbackId,
          reason: 'pca-mtls export did not finish before the Lambda timeout; raise the function timeout',
        }),
      Math.max(0, remaining - RESPONSE_SAFETY_MARGIN_MS),
    );
  });
  const work = carryOut(deps, log, event).then(
    (outcome) => outcome,
    (err: Error & { code?: string }): CustomResourceOutcome => {
      log.error({ err: { name: err.name, code: err.code, message: err.message } }, 'custom resource request failed');
      return { status: 'FAILED', physicalResourceId: fallbackId, reason: `${err.code ?? err.name}: ${err.message}` };
    },
  );
  const outcome = await Promise.race([work, deadline]);
  clearTimeout(timer);
  await sendCustomResourceResponse(event, outcome, deps.fetch);
  log.info({ status: outcome.status, physicalResourceId: outcome.physicalResourceId }, 'answered CloudFormation');
}

async function carryOut(
  deps: ExportHandlerDependencies,
  log: Logger,
  event: CustomResourceEvent,
): Promise<CustomResourceOutcome> {
  const properties = event.ResourceProperties ?? {};
  if (isTrustBundleResource(properties)) return manageTrustBundle(deps, event);
  if (event.RequestType === 'Delete') {
    const secretArn = event.PhysicalResourceId;
    const physicalResourceId = secretArn ?? 'none';
    if (secretArn?.startsWith('arn:') && isTrue(properties.DeleteSecretOnDelete)) {
      // A Delete never fails over a secret left alone: that would block the stack's deletion.
      const outcome = await deleteIdentitySecret(deps.clients, log, secretArn, properties);
      return { status: 'SUCCESS', physicalResourceId, ...(outcome.reason ? { reason: outcome.reason } : {}) };
    }
    return { status: 'SUCCESS', physicalResourceId };
  }
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

async function manageTrustBundle(
  deps: ExportHandlerDependencies,
  event: CustomResourceEvent,
): Promise<CustomResourceOutcome> {
  const properties = event.ResourceProperties;
  const secretId =
    typeof properties.SecretId === 'string' && properties.SecretId ? properties.SecretId : DEFAULT_TRUST_SECRET_ID;
  const wanted = trustBundleCaArns(properties);
  if (event.RequestType === 'Delete') {
    if (isTrue(properties.RemoveOnDelete)) for (const arn of wanted) await removeTrustedCa(deps.clients, arn, secretId);
    return { status: 'SUCCESS', physicalResourceId: event.PhysicalResourceId ?? secretId };
  }
  if (wanted.length === 0) throw new Error('CaArns must list at least one Private CA ARN');
  for (const arn of wanted) await addTrustedCa(deps.clients, arn, secretId);
  const dropped = trustBundleCaArns(event.OldResourceProperties).filter((arn) => !wanted.includes(arn));
  for (const arn of dropped) await removeTrustedCa(deps.clients, arn, secretId);
  return {
    status: 'SUCCESS',
    physicalResourceId: secretId,
    data: { SecretId: secretId, CaCount: String(wanted.length) },
  };
}
