import { DEFAULT_TRUST_SECRET_ID, ROLES, type Role } from '../../../lib/vocabulary.ts';

/** Shared memory: tmpfs on every Linux, so the decrypted key never reaches a disk. */
export const DEFAULT_OUT_DIR = '/dev/shm/pca-mtls';
export const DEFAULT_ROLE: Role = 'both';
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
export const MIN_STOP_TIMEOUT_MS = 1_000;
export const MAX_STOP_TIMEOUT_MS = 300_000;
/** The largest user or group id (2^32 - 2; 2^32 - 1 means "no id"). */
export const MAX_ID = 4_294_967_294;

type Kind = 'string' | 'list' | 'boolean';
export interface Setting {
  flag: string;
  kind: Kind;
  /** What the value must be, as users read it in errors. */
  range: string;
}

/** Every setting once: its flag, its kind and its valid range. The variable is derived (`PCA_MTLS_<FLAG>`). */
export const SETTINGS = {
  secretId: { flag: 'secret-id', kind: 'string', range: 'a Secrets Manager secret name or ARN (required)' },
  trustSecretId: {
    flag: 'trust-secret-id',
    kind: 'string',
    range: `a Secrets Manager secret name or ARN (default ${DEFAULT_TRUST_SECRET_ID})`,
  },
  outDir: { flag: 'out-dir', kind: 'string', range: `an absolute directory path (default ${DEFAULT_OUT_DIR})` },
  role: { flag: 'role', kind: 'string', range: `one of ${ROLES.join(', ')} (default ${DEFAULT_ROLE})` },
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
export type SettingName = keyof typeof SETTINGS;

/** `PCA_MTLS_<FLAG>`: `--allow-peer-san` → `PCA_MTLS_ALLOW_PEER_SAN`. */
export function envVarFor(flag: string): string {
  return `PCA_MTLS_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** How errors name a setting: `--flag (PCA_MTLS_FLAG)`. */
export function label(name: SettingName): string {
  const { flag } = SETTINGS[name];
  return `--${flag} (${envVarFor(flag)})`;
}
