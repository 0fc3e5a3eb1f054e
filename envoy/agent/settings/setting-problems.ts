import { label, SETTINGS, type SettingName } from './setting-table.ts';

/** The cross-field rules, by name (each in resolve-agent-config.ts). */
export type RuleName =
  | 'peerSansFitRole'
  | 'serverSanFitsRole'
  | 'upstreamFitsRole'
  | 'boundPortsDiffer'
  | 'appPortDiffersFromListenPort'
  | 'trustSecretDiffers';
export type CheckName = SettingName | RuleName;

/**
 * Problems are reported in this order whichever stage found them, so the
 * message for a given input never changes: the role and what depends on it
 * first, then ports, then the secrets, durations, ids and switches.
 */
const REPORT_ORDER: readonly CheckName[] = [
  'role',
  'outDir',
  'allowPeerSan',
  'peerSansFitRole',
  'serverSan',
  'serverSanFitsRole',
  'upstream',
  'upstreamFitsRole',
  'listenPort',
  'appPort',
  'egressPort',
  'adminPort',
  'healthPort',
  'healthHost',
  'boundPortsDiffer',
  'appPortDiffersFromListenPort',
  'secretId',
  'trustSecretId',
  'once',
  'watchInterval',
  'drainTimeout',
  'stopTimeout',
  'uid',
  'gid',
  'allowDisk',
  'printConfig',
  'trustSecretDiffers',
];

export type Shown = string | readonly string[] | number | boolean;

export interface SettingProblem {
  readonly check: CheckName;
  readonly text: string;
}

/** One problem: the setting's flag and variable, what is wrong (by default: its valid range), and what was given. */
export function settingProblem(check: CheckName, name: SettingName, got?: Shown, why?: string): SettingProblem {
  const shown = got === undefined ? '' : `; got '${Array.isArray(got) ? got.join(',') : String(got)}'`;
  return { check, text: `${label(name)} ${why ?? `must be ${SETTINGS[name].range}`}${shown}` };
}

/** The problems' texts in report order. */
export function inReportOrder(problems: readonly SettingProblem[]): string[] {
  const rank = (p: SettingProblem) => REPORT_ORDER.indexOf(p.check);
  return [...problems].sort((a, b) => rank(a) - rank(b)).map((p) => p.text);
}
