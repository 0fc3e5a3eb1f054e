import { normalize } from 'node:path';
import { DEFAULT_TRUST_SECRET_ID, type Role } from '../../../lib/vocabulary.ts';
import { AgentConfigError } from '../errors.ts';
import type { AgentSettings, ParsedSettings } from './parse-settings.ts';
import { splitHostPort } from './setting-parsers.ts';
import { inReportOrder, settingProblem, type RuleName, type SettingProblem, type Shown } from './setting-problems.ts';
import {
  DEFAULT_ADMIN_PORT,
  DEFAULT_APP_PORT,
  DEFAULT_DRAIN_TIMEOUT_MS,
  DEFAULT_EGRESS_PORT,
  DEFAULT_HEALTH_HOST,
  DEFAULT_LISTEN_PORT,
  DEFAULT_OUT_DIR,
  DEFAULT_ROLE,
  DEFAULT_STOP_TIMEOUT_MS,
  DEFAULT_WATCH_INTERVAL_MS,
  label,
  type SettingName,
} from './setting-table.ts';
import type { AgentConfig } from './agent-config.ts';

/** The settings with defaults in place, as the rules between settings see them. */
interface Resolved {
  settings: AgentSettings;
  role: Role;
  /** Role server or both: the agent renders an mTLS listener. */
  serves: boolean;
  /** Role client or both: the agent renders an egress listener to one upstream. */
  calls: boolean;
  listenPort: number;
  appPort: number;
  egressPort: number;
  adminPort: number;
}

type Report = (name: SettingName, got: Shown | undefined, why: string) => void;
type Rule = (resolved: Resolved, bad: Report) => void;

const peerSansFitRole: Rule = ({ settings: { allowPeerSans }, role, serves }, bad) => {
  if (serves && allowPeerSans.length === 0)
    bad(
      'allowPeerSan',
      undefined,
      `is required for role ${role}: name the client identities allowed to connect (e.g. --allow-peer-san colorgateway.mesh.local); without it any certificate from the trust bundle would be accepted`,
    );
  if (!serves && allowPeerSans.length > 0)
    bad('allowPeerSan', allowPeerSans.join(','), "applies to roles server and both only (role is 'client')");
};

const serverSanFitsRole: Rule = ({ settings: { serverSan }, role, calls }, bad) => {
  if (calls && !serverSan)
    bad(
      'serverSan',
      undefined,
      `is required for role ${role}: the DNS name the upstream server's certificate must carry`,
    );
  if (!calls && serverSan) bad('serverSan', serverSan, "applies to roles client and both only (role is 'server')");
};

const upstreamFitsRole: Rule = ({ settings: { upstream }, role, calls }, bad) => {
  if (calls && !upstream)
    bad('upstream', undefined, `is required for role ${role}: the HOST:PORT of the server's mTLS listener`);
  if (!calls && upstream) bad('upstream', upstream, "applies to roles client and both only (role is 'server')");
};

/** Ports this process tree binds must differ; the app's port is only dialled. */
const boundPortsDiffer: Rule = (r, bad) => {
  const healthPort = r.settings.healthPort;
  const bound: [SettingName, number | undefined][] = [
    ['listenPort', r.serves ? r.listenPort : undefined],
    ['egressPort', r.calls ? r.egressPort : undefined],
    ['adminPort', r.adminPort],
    ['healthPort', healthPort === 0 ? undefined : healthPort],
  ];
  const seen = new Map<number, SettingName>();
  for (const [name, value] of bound) {
    if (value === undefined) continue;
    const other = seen.get(value);
    if (other) bad(name, value, `must differ from ${label(other)}`);
    else seen.set(value, name);
  }
};

const appPortDiffersFromListenPort: Rule = ({ serves, appPort, listenPort }, bad) => {
  if (serves && appPort === listenPort)
    bad('appPort', appPort, `must differ from ${label('listenPort')}: Envoy would route to itself`);
};

const trustSecretDiffers: Rule = ({ settings }, bad) => {
  const trustSecretId = settings.trustSecretId ?? DEFAULT_TRUST_SECRET_ID;
  if (settings.secretId && settings.secretId === trustSecretId)
    bad('trustSecretId', trustSecretId, `must differ from ${label('secretId')}: the trust bundle is its own secret`);
};

const RULES: Record<RuleName, Rule> = {
  peerSansFitRole,
  serverSanFitsRole,
  upstreamFitsRole,
  boundPortsDiffer,
  appPortDiffersFromListenPort,
  trustSecretDiffers,
};

/**
 * Parsed settings → one frozen `AgentConfig`: defaults in place and the rules
 * between settings checked; every problem (the settings' own and the rules')
 * is reported together, each naming its flag, its variable and the valid range.
 *
 * @throws AgentConfigError
 */
export function resolveAgentConfig({ settings, problems: own }: ParsedSettings): AgentConfig {
  const role = settings.role ?? DEFAULT_ROLE;
  const resolved: Resolved = {
    settings,
    role,
    serves: role !== 'client',
    calls: role !== 'server',
    listenPort: settings.listenPort ?? DEFAULT_LISTEN_PORT,
    appPort: settings.appPort ?? DEFAULT_APP_PORT,
    egressPort: settings.egressPort ?? DEFAULT_EGRESS_PORT,
    adminPort: settings.adminPort ?? DEFAULT_ADMIN_PORT,
  };
  const problems: SettingProblem[] = [...own];
  for (const [rule, check] of Object.entries(RULES) as [RuleName, Rule][])
    check(resolved, (name, got, why) => problems.push(settingProblem(rule, name, got, why)));
  if (problems.length > 0) throw new AgentConfigError(inReportOrder(problems));
  return configOf(resolved);
}

/** Only reached without problems: every value given is valid. */
function configOf({ settings, role, listenPort, appPort, egressPort, adminPort }: Resolved): AgentConfig {
  const upstream = settings.upstream === undefined ? undefined : splitHostPort(settings.upstream);
  return Object.freeze({
    secretId: settings.secretId ?? '',
    trustSecretId: settings.trustSecretId ?? DEFAULT_TRUST_SECRET_ID,
    outDir: normalize(settings.outDir ?? DEFAULT_OUT_DIR).replace(/\/$/, ''),
    role,
    allowPeerSans: Object.freeze([...settings.allowPeerSans]),
    serverSan: settings.serverSan,
    listenPort,
    appPort,
    egressPort,
    upstream: upstream && Object.freeze(upstream),
    adminPort,
    healthPort: settings.healthPort,
    healthHost: settings.healthHost ?? DEFAULT_HEALTH_HOST,
    once: settings.once,
    watchIntervalMs: settings.watchIntervalMs ?? DEFAULT_WATCH_INTERVAL_MS,
    drainTimeoutMs: settings.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS,
    stopTimeoutMs: settings.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
    uid: settings.uid,
    gid: settings.gid,
    allowDisk: settings.allowDisk,
    printConfig: settings.printConfig,
    command: Object.freeze([...settings.command]),
  });
}
