import type { CertificateDetail } from '@aws-sdk/client-acm';
import type { AwsClients } from '../aws/clients.ts';
import { bindingTags } from '../identity/binding-tags.ts';
import { exportIdentity, type ExportResult } from '../identity/export-identity.ts';
import { tagSecret, versionTokenFor } from '../identity/store-identity-secret.ts';
import type { Logger } from '../logger.ts';
import { normalizeSerial } from '../serial.ts';
import { describeCertificate, renewAndWait } from './acm-renewal.ts';
import type { BoundIdentity } from './bound-identities.ts';
import { RenewalError } from './errors.ts';
import type { IdentitySecret } from '../secret-schema/identity-secret.ts';
import type { RenewalOptions } from './renewal-options.ts';
import { failureOf, type RenewalSummary } from './renewal-summary.ts';
import { rollBoundServices } from './roll-services.ts';
import {
  acmReexportRequest,
  describedFromListing,
  pcaReissueRequest,
  readStoredIdentity,
  roleOf,
  storedLeaf,
} from './stored-identity.ts';

export { reissueTokenFor } from './stored-identity.ts';

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
  /** Awaited before each ExportCertificate (the function instance's pacer). */
  beforeExport?: () => Promise<void>;
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
  let written: ExportResult | undefined;
  try {
    written = await refreshCertificate(ctx, log, bound, trigger, summary);
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
      { recoverStale: trigger.kind === 'sweep', justWritten: written?.created ? written.versionId : undefined },
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
): Promise<ExportResult | undefined> {
  const certificateArn = bound.certificateArn;
  if (!certificateArn)
    throw new RenewalError(
      'BINDING_INCOMPLETE',
      `secret ${bound.secretName} has no pca-mtls:certificate-arn tag; export the identity again`,
    );
  const described = await describeCertificate(ctx.clients.acm, certificateArn);
  const stored = (s: string) => bound.versionStages[versionTokenFor(bound.identity, s)] !== undefined;
  // ACM renews a private certificate only if exported since issued or last renewed (ACM User Guide); public
  // ones through DNS validation, never RenewCertificate.
  const isPrivate = described.Type !== 'AMAZON_ISSUED';
  const ineligible = isPrivate && described.RenewalEligibility === 'INELIGIBLE' && described.Status === 'ISSUED';
  const flagIneligible = (reexporting: boolean) =>
    flagRenewalIneligible(log, summary, bound.identity, certificateArn, reexporting);
  const renewed =
    isPrivate && stored(normalizeSerial(described.Serial ?? ''))
      ? await renewIfOverdue(ctx, log, described, { bound, certificateArn, trigger, summary })
      : undefined;
  const requestRenewal = renewed !== undefined;
  const detail = renewed ?? described;
  const serial = normalizeSerial(detail.Serial ?? '');
  if (stored(serial)) {
    // Tags missing (exported before them) or stale (a write whose tagging failed): fix them once.
    if (bound.stored?.serial !== serial)
      await tagLegacySecret(ctx, bound, { certificateArn, notBefore: detail.NotBefore });
    if (ineligible) flagIneligible(false);
    return undefined;
  }
  // A renewal this invocation asked for and waited on is exported now: its own success is not someone else's event.
  const renewedAgoMs = !requestRenewal && trigger.kind === 'sweep' ? msSinceRenewal(ctx, detail) : undefined;
  if (renewedAgoMs !== undefined && renewedAgoMs < ctx.options.eventGraceMs) {
    summary.notes.push(
      `${bound.identity}: ACM renewed it ${Math.round(renewedAgoMs / 1000)}s ago; left to its RENEWAL event`,
    );
    return undefined;
  }
  // Freshly renewed and left to its event (above) is the normal path; past that, a renewal nobody exported is flagged.
  if (ineligible) flagIneligible(true);
  // The role a re-export verifies for: from the tags, or (secrets exported before the tags) the stored leaf.
  const role = bound.stored?.role ?? roleOf(storedLeaf(await readStoredIdentity(ctx.clients.secrets, bound.secretArn)));
  log.info({ certificateArn, serial, storedSerial: bound.stored?.serial }, 're-exporting the renewed certificate');
  return exportIdentity(
    { clients: ctx.clients, logger: log, now: ctx.now, beforeExport: ctx.beforeExport },
    acmReexportRequest(bound, certificateArn, role),
    { certificate: detail, secret: describedFromListing(bound) },
  );
}

/**
 * ACM should have renewed at 60 days; a certificate whose stored serial is
 * still current inside the threshold was not (a lost event or a failed
 * renewal): ask now and wait (bounded) for the new serial. Undefined: not due.
 */
async function renewIfOverdue(
  ctx: RenewalContext,
  log: Logger,
  detail: CertificateDetail,
  about: { bound: BoundIdentity; certificateArn: string; trigger: ReconcileTrigger; summary: RenewalSummary },
): Promise<CertificateDetail | undefined> {
  const { trigger, certificateArn } = about;
  const thresholdDays =
    trigger.kind === 'approaching-expiration'
      ? Math.max(ctx.options.acmRenewWithinDays, (trigger.daysToExpiry ?? 0) + 1)
      : ctx.options.acmRenewWithinDays;
  const expiresIn = (detail.NotAfter?.getTime() ?? 0) - ctx.now().getTime();
  if (expiresIn > thresholdDays * DAY_MS) return undefined;
  const serial = normalizeSerial(detail.Serial ?? '');
  about.summary.renewalsRequested.push(about.bound.identity);
  log.info({ certificateArn, serial, daysLeft: Math.floor(expiresIn / DAY_MS) }, 'asking ACM to renew');
  return renewAndWait(ctx.clients, certificateArn, serial, waitBudget(ctx));
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
  // The tags tell whether 2/3 of the lifetime has passed; the value is read only when it has (or without tags).
  if (bound.stored && ctx.now().getTime() < pcaRenewAt(ctx, bound.stored.notBefore, bound.stored.notAfter))
    return undefined;
  const secret = await readStoredIdentity(ctx.clients.secrets, bound.secretArn);
  const renewAt = pcaRenewAt(ctx, Date.parse(secret.notBefore), Date.parse(secret.notAfter));
  if (ctx.now().getTime() < renewAt) {
    if (!bound.stored) await tagLegacySecret(ctx, bound, { secret });
    return undefined;
  }
  const request = pcaReissueRequest(bound, secret);
  summary.renewalsRequested.push(bound.identity);
  log.info(
    { caArn: secret.caArn, serial: secret.serial, renewAt: new Date(renewAt).toISOString() },
    're-issuing from Private CA at 2/3 of the lifetime',
  );
  return exportIdentity({ clients: ctx.clients, logger: log, now: ctx.now }, request, {
    secret: describedFromListing(bound),
  });
}

function pcaRenewAt(ctx: RenewalContext, notBefore: number, notAfter: number): number {
  return notBefore + ctx.options.pcaRenewAtFraction * (notAfter - notBefore);
}

/**
 * A secret exported before the sweep's tags existed: read it once and tag it,
 * so later sweeps decide from the listing alone.
 */
async function tagLegacySecret(
  ctx: RenewalContext,
  bound: BoundIdentity,
  known: { secret?: IdentitySecret; certificateArn?: string; notBefore?: Date },
): Promise<void> {
  const secret = known.secret ?? (await readStoredIdentity(ctx.clients.secrets, bound.secretArn));
  const facts = {
    certificateArn: known.certificateArn ?? bound.certificateArn,
    source: secret.source,
    role: roleOf(storedLeaf(secret)),
    serial: normalizeSerial(secret.serial),
    notBefore: known.notBefore ?? new Date(secret.notBefore),
    notAfter: new Date(secret.notAfter),
  };
  const tags = describedFromListing(bound).Tags;
  await tagSecret(ctx.clients.secrets, bound.secretArn, bindingTags(bound, facts), tags);
}

function waitBudget(ctx: RenewalContext): number {
  const remaining = ctx.deadline === undefined ? Infinity : ctx.deadline - Date.now();
  return Math.max(0, Math.min(ctx.options.renewWaitMs, remaining));
}
