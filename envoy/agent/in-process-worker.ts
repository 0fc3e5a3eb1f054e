import type { Logger } from '../../lib/logger.ts';
import type { MaterialInPlace } from './agent-status.ts';
import { bootstrap, fetchVerifyWrite, type AgentDependencies } from './bootstrap.ts';
import type { AgentConfig } from './config.ts';
import { describeAgentError } from './errors.ts';
import { currentVersionId } from './fetch-material.ts';
import type { CheckReport, MaterialWorker } from './material-worker.ts';

/** What a check compares with: the Secrets Manager versions the files in place came from. */
export type InPlaceVersions = Pick<MaterialInPlace, 'identityVersionId' | 'trustVersionId'>;

/** The material work in this process: what tests, `--once` and the child process itself run. */
export function inProcessWorker(config: AgentConfig, deps: AgentDependencies): MaterialWorker {
  const log = deps.logger.child({ component: 'watch', secretId: config.secretId });
  return {
    start: () => bootstrap(config, deps),
    check: (inPlace) => checkAndRotate(config, deps, inPlace, log),
  };
}

/**
 * The AWSCURRENT version of each secret (one DescribeSecret each) against the
 * one in place; fetch, verify and swap when either moved. Never throws.
 */
export async function checkAndRotate(
  config: AgentConfig,
  deps: AgentDependencies,
  inPlace: InPlaceVersions | undefined,
  log: Logger,
): Promise<CheckReport> {
  let checkedAt: Date | undefined;
  try {
    const [identityVersion, trustVersion] = await Promise.all([
      currentVersionId(deps.clients, config.secretId),
      currentVersionId(deps.clients, config.trustSecretId),
    ]);
    checkedAt = deps.now();
    if (inPlace && identityVersion === inPlace.identityVersionId && trustVersion === inPlace.trustVersionId)
      return { outcome: 'unchanged', checkedAt };
    log.info(
      {
        from: inPlace?.identityVersionId,
        to: identityVersion,
        trustFrom: inPlace?.trustVersionId,
        trustTo: trustVersion,
      },
      'new secret version; rotating',
    );
    const { material } = await fetchVerifyWrite(config, deps);
    log.info(
      { serial: material.serial, notAfter: material.notAfter.toISOString(), version: material.version },
      'rotated: new material in place',
    );
    return { outcome: 'rotated', checkedAt, material };
  } catch (err) {
    return { outcome: 'failed', ...(checkedAt ? { checkedAt } : {}), ...describeAgentError(err) };
  }
}
