import { isAbsolute, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import { AgentConfigError } from './errors.js';

/** What the identity does in mTLS: accept clients (server), call a server (client), or both. */
export const AGENT_ROLES = ['server', 'client', 'both'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const DEFAULT_TRUST_SECRET_ID = 'pca-mtls/trust';
/** Shared memory: tmpfs on every Linux, so the decrypted key never reaches a disk. */
export const DEFAULT_OUT_DIR = '/dev/shm/pca-mtls';
export const DEFAULT_ROLE: AgentRole = 'both';
export const DEFAULT_LISTEN_PORT = 15_000;
export const DEFAULT_APP_PORT = 8_080;
export const DEFAULT_EGRESS_PORT = 15_001;
export const DEFAULT_ADMIN_PORT = 9_901;
/** ECS and load-balancer health checks come from outside the task. */
export const DEFAULT_HEALTH_HOST = '0.0.0.0';
/**
 * How often watch mode asks Secrets Manager (DescribeSecret, identity and
 * trust) for a new AWSCURRENT version: 2 calls per 5 min is 17,280 calls,
 * $0.086 per agent-month ($0.05 per 10,000), and a new version reaches every
 * agent within 5.5 min (interval + 10 % jitter); renewals happen days before
 * expiry, so minutes do not matter.
 */
export const DEFAULT_WATCH_INTERVAL_MS = 5 * 60_000;
export const MIN_WATCH_INTERVAL_MS = 100;
export const MAX_WATCH_INTERVAL_MS = 24 * 3_600_000;
/** How long SIGTERM waits after `POST /drain_listeners?graceful` before stopping the child. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 5_000;
export const MAX_DRAIN_TIMEOUT_MS = 300_000;
/** How long the child gets after SIGTERM before SIGKILL. */
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;
export const MAX_STOP_TIMEOUT_MS = 300_000;
const MAX_ID = 4_294_967_294;

/** The validated, frozen agent configuration: one object for every part of the agent. */
export interface AgentConfig {
  readonly secretId: string;
  readonly trustSecretId: string;
  readonly outDir: string;
  readonly role: AgentRole;
  /** Server side: DNS SANs of the clients allowed to connect. */
  readonly allowPeerSans: readonly string[];
  /** Client side: the DNS SAN the server must present (also the SNI). */
  readonly serverSan?: string;
  readonly listenPort: number;
  readonly appPort: number;
  readonly egressPort: number;
  readonly upstream?: { readonly host: string; readonly port: number };
  readonly adminPort: number;
  readonly healthPort?: number;
  readonly healthHost: string;
  readonly once: boolean;
  readonly watchIntervalMs: number;
  readonly drainTimeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly allowDisk: boolean;
  readonly printConfig: boolean;
  /** `-- COMMAND ARGS...`: the process to supervise (normally Envoy); empty for none. */
  readonly command: readonly string[];
}

type Kind = 'string' | 'list' | 'boolean';
interface Setting {
  flag: string;
  kind: Kind;
  /** What the value must be, as users read it in errors. */
  range: string;
}

/** Every setting once: its flag, its kind and its valid range. The variable is derived (`PCA_MTLS_<FLAG>`). */
const SETTINGS = {
  secretId: { flag: 'secret-id', kind: 'string', range: 'a Secrets Manager secret name or ARN (required)' },
  trustSecretId: {
    flag: 'trust-secret-id',
    kind: 'string',
    range: `a Secrets Manager secret name or ARN (default ${DEFAULT_TRUST_SECRET_ID})`,
  },
  outDir: { flag: 'out-dir', kind: 'string', range: `an absolute directory path (default ${DEFAULT_OUT_DIR})` },
  role: { flag: 'role', kind: 'string', range: `one of ${AGENT_ROLES.join(', ')} (default ${DEFAULT_ROLE})` },
  allowPeerSan: {
    flag: 'allow-peer-san',
    kind: 'list',
    range: 'DNS names (repeatable; comma-separated in the variable)',
  },
  serverSan: { flag: 'server-san', kind: 'string', range: 'a DNS name' },
  listenPort: { flag: 'listen-port', kind: 'string', range: `a port from 1 to 65535 (default ${DEFAULT_LISTEN_PORT})` },
  appPort: { flag: 'app-port', kind: 'string', range: `a port from 1 to 65535 (default ${DEFAULT_APP_PORT})` },
  egressPort: { flag: 'egress-port', kind: 'string', range: `a port from 1 to 65535 (default ${DEFAULT_EGRESS_PORT})` },
  upstream: {
    flag: 'upstream',
    kind: 'string',
    range: 'HOST:PORT (a DNS name or IPv4 address, and a port from 1 to 65535)',
  },
  adminPort: { flag: 'admin-port', kind: 'string', range: `a port from 1 to 65535 (default ${DEFAULT_ADMIN_PORT})` },
  healthPort: {
    flag: 'health-port',
    kind: 'string',
    range: 'a port from 0 to 65535 (default: no health server; 0 picks a free port)',
  },
  healthHost: {
    flag: 'health-host',
    kind: 'string',
    range: `an IPv4 address to bind /healthz and /metrics on (default ${DEFAULT_HEALTH_HOST})`,
  },
  once: { flag: 'once', kind: 'boolean', range: 'true or false' },
  watchInterval: {
    flag: 'watch-interval',
    kind: 'string',
    range: 'a duration from 100ms to 24h, e.g. 30s or 5m (default 5m)',
  },
  drainTimeout: { flag: 'drain-timeout', kind: 'string', range: 'a duration from 0s to 5m (default 5s)' },
  stopTimeout: { flag: 'stop-timeout', kind: 'string', range: 'a duration from 1s to 5m (default 10s)' },
  uid: { flag: 'uid', kind: 'string', range: `a user id from 0 to ${MAX_ID}` },
  gid: { flag: 'gid', kind: 'string', range: `a group id from 0 to ${MAX_ID}` },
  allowDisk: { flag: 'allow-disk', kind: 'boolean', range: 'true or false' },
  printConfig: { flag: 'print-config', kind: 'boolean', range: 'true or false' },
} as const satisfies Record<string, Setting>;
type SettingName = keyof typeof SETTINGS;

/** `PCA_MTLS_<FLAG>`: `--allow-peer-san` → `PCA_MTLS_ALLOW_PEER_SAN`. */
export function envVarFor(flag: string): string {
  return `PCA_MTLS_${flag.toUpperCase().replace(/-/g, '_')}`;
}

function label(name: SettingName): string {
  const { flag } = SETTINGS[name];
  return `--${flag} (${envVarFor(flag)})`;
}

const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const SECRET_ID = /^[A-Za-z0-9/_+=.@:-]{1,2048}$/;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

/** `30s`, `500ms`, `5m`, `1h` → milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const [, amount, unit = ''] = DURATION.exec(text.trim()) ?? [];
  const unitMs = DURATION_UNITS_MS[unit];
  return amount !== undefined && unitMs !== undefined ? Math.round(Number(amount) * unitMs) : undefined;
}

export type RawSettings = Partial<Record<SettingName, string | string[] | boolean>> & { command?: string[] };

/**
 * Reads flags (which win) and `PCA_MTLS_*` variables into raw settings.
 * Everything after `--` is the command to supervise; anything else that is
 * not a known flag is an error naming it.
 */
export function readRawSettings(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): RawSettings {
  const dashDash = argv.indexOf('--');
  const flags = dashDash === -1 ? [...argv] : argv.slice(0, dashDash);
  const command = dashDash === -1 ? [] : argv.slice(dashDash + 1);
  const options = Object.fromEntries(
    Object.values(SETTINGS).map((s) => [
      s.flag,
      { type: s.kind === 'boolean' ? ('boolean' as const) : ('string' as const), multiple: s.kind === 'list' },
    ]),
  );
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: flags, options, strict: true, allowPositionals: false }));
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new AgentConfigError([
      `${message}; run with the flags listed in the README (the command to supervise goes after --)`,
    ]);
  }
  const raw: RawSettings = { command };
  for (const [name, setting] of Object.entries(SETTINGS) as [SettingName, Setting][]) {
    const fromFlag = values[setting.flag];
    const fromEnv = env[envVarFor(setting.flag)];
    if (fromFlag !== undefined) raw[name] = fromFlag as string | string[] | boolean;
    else if (fromEnv !== undefined) {
      raw[name] = setting.kind === 'list' ? fromEnv.split(/[\s,]+/).filter(Boolean) : fromEnv;
    }
  }
  return raw;
}

/**
 * Validates raw settings into one frozen `AgentConfig`, checking every field
 * and the rules between them; all problems are reported together, each naming
 * its flag, its variable and the valid range.
 *
 * @throws AgentConfigError
 */
export function validateAgentConfig(raw: RawSettings): AgentConfig {
  const problems: string[] = [];
  const bad = (name: SettingName, got: string | string[] | number | boolean | undefined, why?: string) => {
    problems.push(
      `${label(name)} ${why ?? `must be ${SETTINGS[name].range}`}${got === undefined ? '' : `; got '${Array.isArray(got) ? got.join(',') : String(got)}'`}`,
    );
  };
  const text = (name: SettingName): string | undefined => {
    const value = raw[name];
    if (value === undefined) return undefined;
    return String(value).trim();
  };
  const bool = (name: SettingName): boolean => {
    const value = raw[name];
    if (typeof value === 'boolean' || value === undefined) return value ?? false;
    const lowered = String(value).trim().toLowerCase();
    if (TRUE.has(lowered)) return true;
    if (!FALSE.has(lowered)) bad(name, value);
    return false;
  };
  const port = (name: SettingName, fallback?: number, min = 1): number | undefined => {
    const value = text(name);
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > 65_535) {
      bad(name, value);
      return fallback;
    }
    return n;
  };
  const duration = (name: SettingName, fallback: number, min: number, max: number): number => {
    const value = text(name);
    if (value === undefined || value === '') return fallback;
    const ms = parseDuration(value);
    if (ms === undefined || ms < min || ms > max) {
      bad(name, value);
      return fallback;
    }
    return ms;
  };
  const id = (name: SettingName): number | undefined => {
    const value = text(name);
    if (value === undefined || value === '') return undefined;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > MAX_ID) {
      bad(name, value);
      return undefined;
    }
    return n;
  };
  const secretId = (name: SettingName, fallback?: string): string => {
    const value = text(name) || fallback;
    if (value === undefined)
      bad(name, undefined, "is required: the Secrets Manager secret holding this task's identity");
    else if (!SECRET_ID.test(value)) bad(name, value);
    return value ?? '';
  };
  const dnsName = (name: SettingName, value: string): boolean => {
    if (value.length > 253 || !DNS_NAME.test(value)) {
      bad(name, value);
      return false;
    }
    return true;
  };

  const roleText = text('role') || DEFAULT_ROLE;
  const role = (AGENT_ROLES as readonly string[]).includes(roleText)
    ? (roleText as AgentRole)
    : (bad('role', roleText), DEFAULT_ROLE);
  const serves = role !== 'client';
  const calls = role !== 'server';

  const outDir = text('outDir') || DEFAULT_OUT_DIR;
  if (!isAbsolute(outDir) || normalize(outDir) === '/')
    bad('outDir', outDir, 'must be an absolute directory path other than /');

  const allowPeerSans = [
    ...new Set(((raw.allowPeerSan as string[] | undefined) ?? []).map((s) => s.trim().toLowerCase()).filter(Boolean)),
  ];
  allowPeerSans.forEach((san) => dnsName('allowPeerSan', san));
  if (serves && allowPeerSans.length === 0) {
    bad(
      'allowPeerSan',
      undefined,
      `is required for role ${role}: name the client identities allowed to connect (e.g. --allow-peer-san colorgateway.mesh.local); without it any certificate from the trust bundle would be accepted`,
    );
  }
  if (!serves && allowPeerSans.length > 0)
    bad('allowPeerSan', allowPeerSans.join(','), "applies to roles server and both only (role is 'client')");

  const serverSanText = text('serverSan')?.toLowerCase() || undefined;
  const serverSan = serverSanText && dnsName('serverSan', serverSanText) ? serverSanText : undefined;
  if (calls && !serverSanText)
    bad(
      'serverSan',
      undefined,
      `is required for role ${role}: the DNS name the upstream server's certificate must carry`,
    );
  if (!calls && serverSanText)
    bad('serverSan', serverSanText, "applies to roles client and both only (role is 'server')");

  let upstream: AgentConfig['upstream'];
  const upstreamText = text('upstream') || undefined;
  if (upstreamText) {
    const [, host, port] = /^([^:\s]+):(\d{1,5})$/.exec(upstreamText) ?? [];
    const upstreamPort = port !== undefined ? Number(port) : 0;
    if (host === undefined || !(IPV4.test(host) || DNS_NAME.test(host)) || upstreamPort < 1 || upstreamPort > 65_535)
      bad('upstream', upstreamText);
    else upstream = Object.freeze({ host: host.toLowerCase(), port: upstreamPort });
  }
  if (calls && !upstreamText)
    bad('upstream', undefined, `is required for role ${role}: the HOST:PORT of the server's mTLS listener`);
  if (!calls && upstreamText) bad('upstream', upstreamText, "applies to roles client and both only (role is 'server')");

  const listenPort = port('listenPort', DEFAULT_LISTEN_PORT)!;
  const appPort = port('appPort', DEFAULT_APP_PORT)!;
  const egressPort = port('egressPort', DEFAULT_EGRESS_PORT)!;
  const adminPort = port('adminPort', DEFAULT_ADMIN_PORT)!;
  const healthPort = port('healthPort', undefined, 0);
  const healthHost = text('healthHost') || DEFAULT_HEALTH_HOST;
  if (!IPV4.test(healthHost)) bad('healthHost', healthHost);

  // Ports this process tree binds must differ; the app's port is only dialled.
  const bound: [SettingName, number | undefined][] = [
    ['listenPort', serves ? listenPort : undefined],
    ['egressPort', calls ? egressPort : undefined],
    ['adminPort', adminPort],
    ['healthPort', healthPort === 0 ? undefined : healthPort],
  ];
  const seen = new Map<number, SettingName>();
  for (const [name, value] of bound) {
    if (value === undefined) continue;
    const other = seen.get(value);
    if (other) bad(name, value, `must differ from ${label(other)}`);
    else seen.set(value, name);
  }
  if (serves && appPort === listenPort)
    bad('appPort', appPort, `must differ from ${label('listenPort')}: Envoy would route to itself`);

  const config: AgentConfig = {
    secretId: secretId('secretId'),
    trustSecretId: secretId('trustSecretId', DEFAULT_TRUST_SECRET_ID),
    outDir: normalize(outDir).replace(/\/$/, ''),
    role,
    allowPeerSans: Object.freeze(allowPeerSans),
    serverSan,
    listenPort,
    appPort,
    egressPort,
    upstream,
    adminPort,
    healthPort,
    healthHost,
    once: bool('once'),
    watchIntervalMs: duration('watchInterval', DEFAULT_WATCH_INTERVAL_MS, MIN_WATCH_INTERVAL_MS, MAX_WATCH_INTERVAL_MS),
    drainTimeoutMs: duration('drainTimeout', DEFAULT_DRAIN_TIMEOUT_MS, 0, MAX_DRAIN_TIMEOUT_MS),
    stopTimeoutMs: duration('stopTimeout', DEFAULT_STOP_TIMEOUT_MS, 1_000, MAX_STOP_TIMEOUT_MS),
    uid: id('uid'),
    gid: id('gid'),
    allowDisk: bool('allowDisk'),
    printConfig: bool('printConfig'),
    command: Object.freeze([...(raw.command ?? [])]),
  };
  if (config.secretId && config.secretId === config.trustSecretId) {
    bad(
      'trustSecretId',
      config.trustSecretId,
      `must differ from ${label('secretId')}: the trust bundle is its own secret`,
    );
  }
  if (problems.length > 0) throw new AgentConfigError(problems);
  return Object.freeze(config);
}

/** Flags and environment → validated configuration (parse → validate). */
export function parseAgentConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): AgentConfig {
  return validateAgentConfig(readRawSettings(argv, env));
}

/** The settings table as documentation rows: flag, variable, what it takes (README's reference is checked against it). */
export function agentSettingsReference(): { flag: string; variable: string; takes: string }[] {
  return Object.values(SETTINGS).map((s: Setting) => ({
    flag: `--${s.flag}${s.kind === 'boolean' ? '' : ' VALUE'}${s.kind === 'list' ? ' (repeatable)' : ''}`,
    variable: envVarFor(s.flag),
    takes: s.range,
  }));
}

/** `--help`: every setting with its variable and valid range, from the same table the validation uses. */
export function agentUsage(): string {
  const rows = Object.values(SETTINGS).map(
    (s: Setting) =>
      `  --${s.flag}${s.kind === 'boolean' ? '' : ' VALUE'}${s.kind === 'list' ? ' (repeatable)' : ''}\n      ${envVarFor(s.flag)}: ${s.range}`,
  );
  return [
    'Usage: pca-mtls agent [settings] [-- COMMAND ARGS...]   (or: node dist/agent.mjs …)',
    '',
    "Fetches this task's identity and the trust bundle from Secrets Manager, verifies them, writes them",
    "atomically into a memory-backed directory, renders Envoy's bootstrap and SDS files, then supervises",
    'COMMAND (normally: envoy -c <out-dir>/envoy.yaml) and swaps in new secret versions as they appear.',
    '',
    'Settings (flags win over the PCA_MTLS_* variables):',
    ...rows,
    '',
    'Exit status: 0 done, 1 refused or failed (nothing written, no command started), 2 bad settings,',
    "otherwise the command's own status. Logs: JSON on stderr, LOG_LEVEL=trace…fatal (never key material).",
    '',
  ].join('\n');
}
