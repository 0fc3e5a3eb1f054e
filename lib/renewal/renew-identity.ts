import type { CertificateDetail } from '@aws-sdk/client-acm';
import { createHash } from 'node:crypto';
import type { AwsClients } from '../aws/clients.js';
import { exportIdentity, type ExportResult } from '../identity/export-identity.js';
import { parseExportRequest, type ExportRequest } from '../identity/export-request.js';
import { versionTokenFor } from '../identity/store-identity-secret.js';
import type { Logger } from '../logger.js';
import { normalizeSerial } from '../serial.js';
import { describeCertificate, renewAndWait } from './acm-renewal.js';
import type { BoundIdentity } from './bound-identities.js';
import { RenewalError } from './errors.js';
import type { RenewalOptions } from './renewal-options.js';
import { failureOf, type RenewalSummary } from './renewal-summary.js';
import { rollBoundServices } from './roll-services.js';
import { readStoredIdentity, roleOf, storedLeaf } from './stored-identity.js';

/** The clients renewal uses: ACM, Private CA, Secrets Manager, ECS. */
export type RenewalClients = Pick<AwsClients, 'acm' | 'pca' | 'secrets' | 'ecs'>;

export interface RenewalContext {
  clients: RenewalClients;
  logger: Logger;
  options: RenewalOptions;
  /** The clock renewal decisions and certificate checks use. */
  now: () => Date;
  /** Never wait past this (epoch ms): the Lambda's own deadline, less a margin. */
  deadline?: number;
}

/** Why an identity is looked at: an ACM event about its certificate, or the sweep. */
export type ReconcileTrigger =
  { kind: 'certificate-available' } | { kind: 'approaching-expiration'; daysToExpiry?: number } | { kind: 'sweep' };

const DAY_MS = 86_400_000;

/**
 * Brings one identity to its certificate's current state, idempotently:
 * - `acm`: re-export when ACM's serial is not stored yet; when the certificate
 *   is inside the renewal threshold and ACM has not renewed it, RenewCertificate
 *   first and wait (bounded) for the new serial;
 * - `pca`: re-issue from Private CA once 2/3 of the lifetime has passed, with a
 *   version token derived from the certificate it replaces, so overlapping
 *   sweeps write one version;
 * then, for `redeploy` identities, roll the bound ECS services once per version.
 * Outcomes go into `summary`; nothing here throws.
 */
export async function reconcileIdentity(
  ctx: RenewalContext,
  bound: BoundIdentity,
  trigger: ReconcileTrigger,
  summary: RenewalSummary,
): Promise<void> {
  const log = ctx.logger.child({ identity: bound.identity, secretArn: bound.secretArn });
  summary.identitiesChecked.push(bound.identity);
  try {
    const written = await refreshCertificate(ctx, log, bound, trigger, summary);
    if (written?.created) {
      summary.versionsWritten.push({
        identity: bound.identity,
        secretArn: written.secretArn,
        versionId: written.versionId,
        serial: written.serial,
      });
    }
  } catch (err) {
    const failure = failureOf(err, { identity: bound.identity, certificateArn: bound.certificateArn });
    summary.failures.push(failure);
    log.error({ code: failure.code, reason: failure.reason, retryable: failure.retryable }, 'identity not renewed');
  }
  // Also when nothing new was written here: a version an earlier invocation wrote may still wait for its roll.
  try {
    const roll = await rollBoundServices(
      {
        secrets: ctx.clients.secrets,
        ecs: ctx.clients.ecs,
        logger: log,
        now: ctx.now,
        rollConcurrency: ctx.options.rollConcurrency,
        rollLeaseMs: ctx.options.rollLeaseMs,
      },
      bound,
      { recoverStale: trigger.kind === 'sweep' },
    );
    summary.servicesRolled.push(...roll.rolled);
    summary.failures.push(...roll.failures);
    if (roll.status === 'claimed-elsewhere')
      summary.notes.push(`${bound.identity}: another invocation owns the ECS roll of version ${roll.versionId}`);
    if (roll.rolled.length > 0 || roll.failures.length > 0) {
      log.info(
        {
          versionId: roll.versionId,
          rolled: roll.rolled.map((r) => r.service),
          failed: roll.failures.map((f) => f.service ?? f.code),
        },
        'ECS services rolled',
      );
    }
  } catch (err) {
    summary.failures.push(failureOf(err, { identity: bound.identity }));
  }
}

async function refreshCertificate(
  ctx: RenewalContext,
  log: Logger,
  bound: BoundIdentity,
  trigger: ReconcileTrigger,
  summary: RenewalSummary,
): Promise<ExportResult | undefined> {
  const source = bound.source ?? (await readStoredIdentity(ctx.clients.secrets, bound.secretArn)).source;
  return source === 'acm' ? refreshAcm(ctx, log, bound, trigger, summary) : refreshPca(ctx, log, bound, summary);
}

async function refreshAcm(
  ctx: RenewalContext,
  log: Logger,
  bound: BoundIdentity,
  trigger: ReconcileTrigger,
  summary: RenewalSummary,
) {
  const certificateArn = bound.certificateArn;
  if (!certificateArn)
    throw new RenewalError(
      'BINDING_INCOMPLETE',
      `secret ${bound.secretName} has no pca-mtls:certificate-arn tag; export the identity again`,
    );
  const detail = await describeCertificate(ctx.clients.acm, certificateArn);
  let serial = normalizeSerial(detail.Serial ?? '');
  const stored = (s: string) => bound.versionStages[versionTokenFor(bound.identity, s)] !== undefined;
  // ACM renews a private certificate only if exported since issued or last renewed (ACM User Guide); public
  // ones through DNS validation, never RenewCertificate.
  const isPrivate = detail.Type !== 'AMAZON_ISSUED';
  const ineligible = isPrivate && detail.RenewalEligibility === 'INELIGIBLE' && detail.Status === 'ISSUED';
  const flagIneligible = (reexporting: boolean) =>
    flagRenewalIneligible(log, summary, bound.identity, certificateArn, reexporting);
  const thresholdDays =
    trigger.kind === 'approaching-expiration'
      ? Math.max(ctx.options.acmRenewWithinDays, (trigger.daysToExpiry ?? 0) + 1)
      : ctx.options.acmRenewWithinDays;
  const expiresIn = (detail.NotAfter?.getTime() ?? 0) - ctx.now().getTime();
  if (isPrivate && stored(serial) && expiresIn <= thresholdDays * DAY_MS) {
    // ACM should have renewed at 60 days; it has not (a lost event or a failed renewal): ask now.
    summary.renewalsRequested.push(bound.identity);
    log.info({ certificateArn, serial, daysLeft: Math.floor(expiresIn / DAY_MS) }, 'asking ACM to renew');
    const renewed = await renewAndWait(ctx.clients, certificateArn, serial, waitBudget(ctx));
    serial = normalizeSerial(renewed.Serial ?? '');
  }
  if (stored(serial)) {
    if (ineligible) flagIneligible(false);
    return undefined;
  }
  const renewedAgoMs = trigger.kind === 'sweep' ? msSinceRenewal(ctx, detail) : undefined;
  if (renewedAgoMs !== undefined && renewedAgoMs < ctx.options.eventGraceMs) {
    summary.notes.push(
      `${bound.identity}: ACM renewed it ${Math.round(renewedAgoMs / 1000)}s ago; left to its RENEWAL event`,
    );
    return undefined;
  }
  // Freshly renewed and left to its event (above) is the normal path; past that, a renewal nobody exported is flagged.
  if (ineligible) flagIneligible(true);
  const secret = await readStoredIdentity(ctx.clients.secrets, bound.secretArn);
  const request = parseExportRequest({
    identity: bound.identity,
    source: 'acm',
    certificateArn,
    role: roleOf(storedLeaf(secret)),
    secretId: bound.secretName,
    ecsServices: bound.ecsServices,
    rotation: bound.rotation,
  });
  log.info({ certificateArn, serial, storedSerial: secret.serial }, 're-exporting the renewed certificate');
  return exportIdentity({ clients: ctx.clients, logger: log, now: ctx.now }, request);
}

/**
 * How long ago ACM's last renewal succeeded, from RenewalSummary. The API
 * reference documents that field for AMAZON_ISSUED certificates only; ACM
 * shows it for private ones too, and when it is absent the sweep simply
 * re-exports at once (an idempotent write), so nothing depends on it.
 */
function msSinceRenewal(ctx: RenewalContext, detail: CertificateDetail): number | undefined {
  const renewal = detail.RenewalSummary;
  if (renewal?.RenewalStatus !== 'SUCCESS' || !renewal.UpdatedAt) return undefined;
  return ctx.now().getTime() - renewal.UpdatedAt.getTime();
}

/** An identity whose ACM certificate ACM will not renew: listed in the summary with the reason in its notes. */
function flagRenewalIneligible(
  log: Logger,
  summary: RenewalSummary,
  identity: string,
  certificateArn: string,
  reexporting: boolean,
): void {
  summary.renewalIneligible.push(identity);
  summary.notes.push(
    `${identity}: ACM certificate ${certificateArn} is INELIGIBLE for managed renewal (not exported since it was issued or last renewed; ACM would let it expire)` +
      (reexporting ? '; re-exporting it now makes it ELIGIBLE again' : '; export it again'),
  );
  log.warn({ certificateArn, reexporting }, 'ACM certificate ineligible for managed renewal');
}

async function refreshPca(ctx: RenewalContext, log: Logger, bound: BoundIdentity, summary: RenewalSummary) {
  const secret = await readStoredIdentity(ctx.clients.secrets, bound.secretArn);
  const notBefore = Date.parse(secret.notBefore);
  const notAfter = Date.parse(secret.notAfter);
  const renewAt = notBefore + ctx.options.pcaRenewAtFraction * (notAfter - notBefore);
  if (ctx.now().getTime() < renewAt) return undefined;
  if (!secret.caArn)
    throw new RenewalError(
      'BINDING_INCOMPLETE',
      `secret ${bound.secretName} holds a pca identity without caArn; export it again`,
    );
  const leaf = storedLeaf(secret);
  const [domain, ...sans] = leaf.dnsNames;
  if (!domain)
    throw new RenewalError(
      'NO_DNS_NAME',
      `the stored certificate of ${bound.identity} has no DNS name to re-issue for; export it again with --domain`,
    );
  summary.renewalsRequested.push(bound.identity);
  const request: ExportRequest = {
    ...parseExportRequest({
      identity: bound.identity,
      source: 'pca',
      caArn: secret.caArn,
      domain,
      sans,
      keyAlgorithm: secret.keyAlgorithm,
      role: roleOf(leaf),
      validityDays: Math.max(1, Math.round((notAfter - notBefore) / DAY_MS)),
      secretId: bound.secretName,
      ecsServices: bound.ecsServices,
      rotation: bound.rotation,
    }),
    versionToken: reissueTokenFor(bound.identity, secret.serial),
  };
  log.info(
    { caArn: secret.caArn, serial: secret.serial, renewAt: new Date(renewAt).toISOString() },
    're-issuing from Private CA at 2/3 of the lifetime',
  );
  return exportIdentity({ clients: ctx.clients, logger: log, now: ctx.now }, request);
}

/**
 * The version token of the certificate that replaces `predecessorSerial`:
 * whichever of several overlapping re-issues writes first wins, the others'
 * PutSecretValue is refused (same token, different value) and writes nothing.
 */
export function reissueTokenFor(identity: string, predecessorSerial: string): string {
  return createHash('sha256').update(`pca-mtls/v1|reissue|${identity}|${predecessorSerial}`).digest('hex');
}

function waitBudget(ctx: RenewalContext): number {
  const remaining = ctx.deadline === undefined ? Infinity : ctx.deadline - Date.now();
  return Math.max(0, Math.min(ctx.options.renewWaitMs, remaining));
}
