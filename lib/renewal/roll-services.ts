import { DescribeServicesCommand, UpdateServiceCommand, type Deployment, type ECSClient } from '@aws-sdk/client-ecs';
import {
  ListSecretVersionIdsCommand,
  UpdateSecretVersionStageCommand,
  type SecretVersionsListEntry,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { awsCall, AwsCallError } from '../aws/aws-call-error.ts';
import type { Logger } from '../logger.ts';
import { ROLL_STAGE } from '../secret-schema/tags.ts';
import { mapWithConcurrency } from './bounded-concurrency.ts';
import type { BoundIdentity } from './bound-identities.ts';
import { RenewalError } from './errors.ts';
import { failureOf, type RenewalFailure, type RolledService } from './renewal-summary.ts';

/**
 * The staging label that marks the secret version whose ECS roll has been
 * claimed (and, unless released after a failure, done). Moving a label is
 * Secrets Manager's compare-and-swap: UpdateSecretVersionStage with
 * RemoveFromVersionId fails unless the label is on that version, so of two
 * overlapping invocations exactly one moves it onto the new version and rolls.
 * It never touches AWSCURRENT, so agents and tasks are unaffected.
 */
export { ROLL_STAGE };
const AWSCURRENT = 'AWSCURRENT';
const AWSPREVIOUS = 'AWSPREVIOUS';
/** DescribeServices takes at most ten services per call. */
const DESCRIBE_SERVICES_BATCH = 10;

export type RollStatus = 'not-needed' | 'first-version' | 'already-rolled' | 'claimed-elsewhere' | 'rolled' | 'partial';

export interface RollOutcome {
  status: RollStatus;
  versionId?: string;
  rolled: RolledService[];
  failures: RenewalFailure[];
}

export interface RollDependencies {
  secrets: SecretsManagerClient;
  ecs: ECSClient;
  logger: Logger;
  now: () => Date;
  rollConcurrency: number;
  rollLeaseMs: number;
}

/**
 * Rolls the identity's bound ECS services (forceNewDeployment) when its
 * AWSCURRENT version has not been rolled yet — exactly once per version,
 * however many invocations get here, and each service only if its PRIMARY
 * deployment started before that version was written (so a retry after a
 * partial failure rolls only what is left). `hot` identities are left to
 * their agents. With `recoverStale` (the sweep) a claim older than the lease
 * whose services still run an older version is taken over.
 */
export async function rollBoundServices(
  deps: RollDependencies,
  bound: BoundIdentity,
  options: { recoverStale: boolean; justWritten?: string },
): Promise<RollOutcome> {
  if (bound.rotation !== 'redeploy' || bound.ecsServices.length === 0) return none('not-needed');
  if (options.justWritten) return rollJustWritten(deps, bound, options.justWritten);
  // The listing already shows the current version rolled: nothing to ask AWS unless looking for abandoned rolls.
  const listedCurrent = Object.entries(bound.versionStages).find(([, stages]) => stages.includes(AWSCURRENT));
  if (!options.recoverStale && listedCurrent?.[1].includes(ROLL_STAGE)) return none('already-rolled', listedCurrent[0]);
  const versions = await listVersions(deps.secrets, bound.secretArn);
  const current = versions.find((v) => v.VersionStages?.includes(AWSCURRENT));
  if (!current?.VersionId) return none('not-needed');
  const currentId = current.VersionId;
  const writtenAt = current.CreatedDate ?? new Date(0);
  const previousId = versions.find((v) => v.VersionStages?.includes(AWSPREVIOUS))?.VersionId;
  let holderId = versions.find((v) => v.VersionStages?.includes(ROLL_STAGE))?.VersionId;
  const move = (to: string, from?: string) => moveRollStage(deps.secrets, bound.secretArn, to, from);

  if (holderId === currentId) {
    if (!options.recoverStale || deps.now().getTime() - writtenAt.getTime() < deps.rollLeaseMs || !previousId)
      return none('already-rolled', currentId);
    const { pending } = await servicesNeedingRoll(deps.ecs, bound, writtenAt);
    if (pending.length === 0) return none('already-rolled', currentId);
    // Claimed long ago and still not done: the claimant died mid-roll. Release it, then claim it as usual.
    deps.logger.warn({ identity: bound.identity, versionId: currentId, pending }, 'taking over an abandoned ECS roll');
    if (!(await move(previousId, currentId))) return none('claimed-elsewhere', currentId);
    holderId = previousId;
  }
  if (!holderId) {
    if (!previousId) {
      // The identity's first version: the services were deployed with it; mark it and roll nothing.
      await move(currentId);
      return none('first-version', currentId);
    }
    if (!(await move(previousId))) return none('claimed-elsewhere', currentId);
    holderId = previousId;
  }
  if (!(await move(currentId, holderId))) return none('claimed-elsewhere', currentId);
  // This invocation owns the roll of the current version.
  return rollClaimed(deps, bound, currentId, holderId, () => servicesNeedingRoll(deps.ecs, bound, writtenAt));
}

function none(status: RollStatus, versionId?: string): RollOutcome {
  return { status, versionId, rolled: [], failures: [] };
}

/**
 * The version this invocation has just written (`versionId`): the listing
 * taken before the write names the label's holder, so one label move claims
 * the roll, and every bound service runs an older version (no DescribeServices).
 */
async function rollJustWritten(deps: RollDependencies, bound: BoundIdentity, versionId: string): Promise<RollOutcome> {
  const listed = Object.entries(bound.versionStages);
  let holderId = listed.find(([, stages]) => stages.includes(ROLL_STAGE))?.[0];
  const previousId = listed.find(([id, stages]) => id !== versionId && stages.includes(AWSCURRENT))?.[0];
  const move = (to: string, from?: string) => moveRollStage(deps.secrets, bound.secretArn, to, from);
  if (holderId === versionId) return none('already-rolled', versionId);
  if (!holderId) {
    // A secret exported before first versions were labelled: label its predecessor, then claim as usual.
    if (!previousId) return none('first-version', versionId);
    if (!(await move(previousId))) return none('claimed-elsewhere', versionId);
    holderId = previousId;
  }
  if (!(await move(versionId, holderId))) return none('claimed-elsewhere', versionId);
  return rollClaimed(deps, bound, versionId, holderId, () =>
    Promise.resolve({ pending: [...bound.ecsServices], failures: [] }),
  );
}

/** Rolls what `pending` names; after any failure the claim goes back to `holderId` so a sweep retries. */
async function rollClaimed(
  deps: RollDependencies,
  bound: BoundIdentity,
  currentId: string,
  holderId: string,
  pendingServices: () => Promise<{ pending: string[]; failures: RenewalFailure[]; failedRollouts?: RenewalFailure[] }>,
): Promise<RollOutcome> {
  const move = (to: string, from?: string) => moveRollStage(deps.secrets, bound.secretArn, to, from);
  const outcome: RollOutcome = { status: 'rolled', versionId: currentId, rolled: [], failures: [] };
  let failedRollouts: RenewalFailure[] = [];
  try {
    const needing = await pendingServices();
    failedRollouts = needing.failedRollouts ?? [];
    outcome.failures.push(...needing.failures);
    await mapWithConcurrency(needing.pending, deps.rollConcurrency, async (service) => {
      try {
        outcome.rolled.push({
          identity: bound.identity,
          service,
          deploymentId: await forceNewDeployment(deps.ecs, service),
        });
      } catch (err) {
        outcome.failures.push(failureOf(err, { identity: bound.identity, service }));
      }
    });
  } catch (err) {
    outcome.failures.push(failureOf(err, { identity: bound.identity }));
  }
  if (outcome.failures.length > 0) {
    outcome.status = 'partial';
    // Give the claim back so the next sweep retries what is left (services already rolled are skipped then).
    await move(holderId, currentId).catch((err) => outcome.failures.push(failureOf(err, { identity: bound.identity })));
  }
  // Reported, and redeployed above: a failed rollout is never counted as rolled (and does not release the claim).
  outcome.failures.push(...failedRollouts);
  return outcome;
}

async function listVersions(secrets: SecretsManagerClient, secretArn: string): Promise<SecretVersionsListEntry[]> {
  const versions: SecretVersionsListEntry[] = [];
  let NextToken: string | undefined;
  do {
    const page = await awsCall('secretsmanager:ListSecretVersionIds', () =>
      secrets.send(new ListSecretVersionIdsCommand({ SecretId: secretArn, MaxResults: 100, NextToken })),
    );
    versions.push(...(page.Versions ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return versions;
}

/** Moves the roll label; false when another invocation moved it first (the compare-and-swap failed). */
async function moveRollStage(
  secrets: SecretsManagerClient,
  secretArn: string,
  to: string,
  from?: string,
): Promise<boolean> {
  try {
    await awsCall('secretsmanager:UpdateSecretVersionStage', () =>
      secrets.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretArn,
          VersionStage: ROLL_STAGE,
          MoveToVersionId: to,
          RemoveFromVersionId: from,
        }),
      ),
    );
    return true;
  } catch (err) {
    if (err instanceof AwsCallError && err.awsErrorName === 'InvalidParameterException') return false;
    throw err;
  }
}

/**
 * The bound services still running an older version: their PRIMARY deployment
 * started before `writtenAt`, or a deployment started since then FAILED its
 * rollout (ECS `rolloutState`; with the circuit breaker's rollback the service
 * returns to tasks started before). Those are listed in `failedRollouts` too.
 */
async function servicesNeedingRoll(
  ecs: ECSClient,
  bound: BoundIdentity,
  writtenAt: Date,
): Promise<{ pending: string[]; failures: RenewalFailure[]; failedRollouts: RenewalFailure[] }> {
  const byCluster = new Map<string, string[]>();
  for (const entry of bound.ecsServices) {
    const [cluster, service] = entry.split('/') as [string, string];
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), service]);
  }
  const pending: string[] = [];
  const failures: RenewalFailure[] = [];
  const failedRollouts: RenewalFailure[] = [];
  for (const [cluster, services] of byCluster) {
    for (let i = 0; i < services.length; i += DESCRIBE_SERVICES_BATCH) {
      const batch = services.slice(i, i + DESCRIBE_SERVICES_BATCH);
      const out = await awsCall('ecs:DescribeServices', () =>
        ecs.send(new DescribeServicesCommand({ cluster, services: batch })),
      );
      for (const missing of out.failures ?? []) {
        const name = missing.arn?.split('/').pop() ?? '?';
        failures.push({
          identity: bound.identity,
          service: `${cluster}/${name}`,
          code: 'SERVICE_NOT_FOUND',
          reason: `ECS service ${cluster}/${name} is ${missing.reason ?? 'missing'}; fix the secret's pca-mtls:ecs-services tag`,
          retryable: false,
        });
      }
      for (const service of out.services ?? []) {
        const name = `${cluster}/${service.serviceName}`;
        if (service.status !== 'ACTIVE') {
          failures.push({
            identity: bound.identity,
            service: name,
            code: 'SERVICE_NOT_ACTIVE',
            reason: `ECS service ${name} is ${service.status}; it cannot be redeployed`,
            retryable: false,
          });
          continue;
        }
        const failed = failedRolloutSince(service.deployments ?? [], writtenAt);
        if (failed) {
          pending.push(name);
          failedRollouts.push({
            identity: bound.identity,
            service: name,
            code: 'ROLLOUT_FAILED',
            reason: `ECS deployment ${failed.id ?? '?'} of ${name} FAILED (${failed.rolloutStateReason ?? 'no reason given'}); its tasks do not run the new certificate, so it is redeployed again. Check the service's events if this repeats`,
            retryable: false,
          });
          continue;
        }
        const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
        if (!primary?.createdAt || primary.createdAt.getTime() < writtenAt.getTime()) pending.push(name);
      }
    }
  }
  return { pending, failures, failedRollouts };
}

/** A deployment started at or after `writtenAt` whose rollout FAILED, if ECS still lists one. */
function failedRolloutSince(deployments: readonly Deployment[], writtenAt: Date): Deployment | undefined {
  return deployments.find(
    (d) => d.rolloutState === 'FAILED' && d.createdAt !== undefined && d.createdAt.getTime() >= writtenAt.getTime(),
  );
}

/** UpdateService(forceNewDeployment); returns the new PRIMARY deployment's id. */
async function forceNewDeployment(ecs: ECSClient, entry: string): Promise<string | undefined> {
  const [cluster, service] = entry.split('/') as [string, string];
  const out = await awsCall('ecs:UpdateService', () =>
    ecs.send(new UpdateServiceCommand({ cluster, service, forceNewDeployment: true })),
  );
  const primary = out.service?.deployments?.find((d) => d.status === 'PRIMARY');
  if (!primary)
    throw new RenewalError('ROLL_UNCONFIRMED', `ECS accepted the redeploy of ${entry} but shows no PRIMARY deployment`);
  return primary.id;
}
