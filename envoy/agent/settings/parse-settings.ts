import type { Role } from '../../../lib/vocabulary.ts';
import {
  parseDnsName,
  parseDnsNames,
  parseDurationMs,
  parseHostPort,
  parseId,
  parseIpv4,
  parseOutDir,
  parsePort,
  parseRole,
  parseSecretId,
  parseSwitch,
  type Bad,
  type Given,
} from './setting-parsers.ts';
import { settingProblem, type SettingProblem } from './setting-problems.ts';
import {
  MAX_DRAIN_TIMEOUT_MS,
  MAX_STOP_TIMEOUT_MS,
  MAX_WATCH_INTERVAL_MS,
  MIN_STOP_TIMEOUT_MS,
  MIN_WATCH_INTERVAL_MS,
  type SettingName,
} from './setting-table.ts';

/**
 * Settings as given, by the agent's setting names: text from flags and
 * variables (`RawSettings`), or typed values from code (numbers for ports,
 * ids and durations in milliseconds, booleans, lists).
 */
export type GivenSettings = Partial<Record<SettingName, Given>> & { command?: readonly string[] };

/**
 * Each setting parsed and checked on its own, before defaults and the rules
 * between settings. Malformed numbers and switches are left out (their
 * default stands in while the other settings are checked); malformed names
 * are kept so the rules about who needs them can quote them.
 */
export interface AgentSettings {
  readonly secretId?: string;
  readonly trustSecretId?: string;
  readonly outDir?: string;
  readonly role?: Role;
  readonly allowPeerSans: readonly string[];
  readonly serverSan?: string;
  /** `HOST:PORT` */
  readonly upstream?: string;
  readonly listenPort?: number;
  readonly appPort?: number;
  readonly egressPort?: number;
  readonly adminPort?: number;
  readonly healthPort?: number;
  readonly healthHost?: string;
  readonly once: boolean;
  readonly watchIntervalMs?: number;
  readonly drainTimeoutMs?: number;
  readonly stopTimeoutMs?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly allowDisk: boolean;
  readonly printConfig: boolean;
  readonly command: readonly string[];
}

export interface ParsedSettings {
  readonly settings: AgentSettings;
  /** Every setting's own problems; the rules between settings add theirs when resolving. */
  readonly problems: readonly SettingProblem[];
}

const SECRET_ID_REQUIRED = "is required: the Secrets Manager secret holding this task's identity";

/** Runs each setting's parser on what was given. */
export function parseSettings(given: GivenSettings): ParsedSettings {
  const problems: SettingProblem[] = [];
  const bad =
    (name: SettingName): Bad =>
    (got, why) =>
      problems.push(settingProblem(name, name, got, why));
  const settings: AgentSettings = {
    secretId: parseSecretId(given.secretId, bad('secretId'), SECRET_ID_REQUIRED),
    trustSecretId: parseSecretId(given.trustSecretId, bad('trustSecretId')),
    outDir: parseOutDir(given.outDir, bad('outDir')),
    role: parseRole(given.role, bad('role')),
    allowPeerSans: parseDnsNames(given.allowPeerSan, bad('allowPeerSan')),
    serverSan: parseDnsName(given.serverSan, bad('serverSan')),
    upstream: parseHostPort(given.upstream, bad('upstream')),
    listenPort: parsePort(given.listenPort, bad('listenPort')),
    appPort: parsePort(given.appPort, bad('appPort')),
    egressPort: parsePort(given.egressPort, bad('egressPort')),
    adminPort: parsePort(given.adminPort, bad('adminPort')),
    healthPort: parsePort(given.healthPort, bad('healthPort'), 0),
    healthHost: parseIpv4(given.healthHost, bad('healthHost')),
    once: parseSwitch(given.once, bad('once')),
    watchIntervalMs: parseDurationMs(
      given.watchInterval,
      bad('watchInterval'),
      MIN_WATCH_INTERVAL_MS,
      MAX_WATCH_INTERVAL_MS,
    ),
    drainTimeoutMs: parseDurationMs(given.drainTimeout, bad('drainTimeout'), 0, MAX_DRAIN_TIMEOUT_MS),
    stopTimeoutMs: parseDurationMs(given.stopTimeout, bad('stopTimeout'), MIN_STOP_TIMEOUT_MS, MAX_STOP_TIMEOUT_MS),
    uid: parseId(given.uid, bad('uid')),
    gid: parseId(given.gid, bad('gid')),
    allowDisk: parseSwitch(given.allowDisk, bad('allowDisk')),
    printConfig: parseSwitch(given.printConfig, bad('printConfig')),
    command: [...(given.command ?? [])],
  };
  return { settings, problems };
}
