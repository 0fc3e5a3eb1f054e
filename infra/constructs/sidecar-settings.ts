import { Token } from 'aws-cdk-lib';
import {
  DEFAULT_ADMIN_PORT,
  DEFAULT_APP_PORT,
  DEFAULT_EGRESS_PORT,
  DEFAULT_LISTEN_PORT,
  DEFAULT_ROLE,
  DEFAULT_STOP_TIMEOUT_MS,
  DEFAULT_WATCH_INTERVAL_MS,
  MAX_DRAIN_TIMEOUT_MS,
  MAX_STOP_TIMEOUT_MS,
  MAX_WATCH_INTERVAL_MS,
  MIN_STOP_TIMEOUT_MS,
  MIN_WATCH_INTERVAL_MS,
} from '../../envoy/agent/config.ts';
import { isRole, ROLES, type Role } from '../../lib/vocabulary.ts';
import { InvalidPropsError } from './props-error.ts';

/**
 * The agent's settings the construct sets (envoy/agent/README.md has each PCA_MTLS_* variable). Defaults are
 * the agent's own (envoy/agent/settings/setting-table.ts), except the health port and the drain timeout,
 * which the construct chooses for ECS (DEFAULT_HEALTH_PORT, DEFAULT_DRAIN_SECONDS).
 */
export interface SidecarSettings {
  /** `server` (mTLS listener in front of the app), `client` (egress to one upstream) or `both`. Default: the agent's (`both`). */
  readonly role?: Role;
  /** SANs of peers allowed to connect (server) — required for `server` and `both`. */
  readonly allowPeerSans?: string[];
  /** The SAN the upstream must present (client, both). */
  readonly serverSan?: string;
  /** HOST:PORT of the upstream's mTLS listener (client, both). */
  readonly upstream?: string;
  /** The mTLS listener. Default: the agent's (15000). */
  readonly listenPort?: number;
  /** The app's port on loopback. Default: the agent's (8080). */
  readonly appPort?: number;
  /** The app's plaintext egress port on loopback. Default: the agent's (15001). */
  readonly egressPort?: number;
  /** Envoy admin on loopback. Default: the agent's (9901). */
  readonly adminPort?: number;
  /** The agent's /healthz and /metrics (the agent runs none unless asked; ECS needs one). Default 9902. */
  readonly healthPort?: number;
  /** How often the agent checks for a new secret version. Default: the agent's (5 min). */
  readonly watchIntervalSeconds?: number;
  /** How long Envoy drains connections on SIGTERM. Default 20 s (the agent's own is 5 s). */
  readonly drainTimeoutSeconds?: number;
  /** How long the agent waits for Envoy to exit after draining. Default: the agent's (10 s). */
  readonly stopTimeoutSeconds?: number;
}

/**
 * The agent starts no health server unless given a port; ECS's health check needs one. The same port as the
 * image's `PCA_MTLS_HEALTH_PORT` (docker/agent-envoy/Dockerfile), so the construct and a hand-written task agree.
 */
export const DEFAULT_HEALTH_PORT = 9902;
/**
 * Longer than the agent's 5 s on purpose: in ECS, peers that resolved the task through Cloud Map before it was
 * deregistered keep connecting for up to the record's TTL (the example uses 10 s), and those requests are served.
 */
export const DEFAULT_DRAIN_SECONDS = 20;
/** The agent's defaults and bounds in the whole seconds the construct takes. */
export const DEFAULT_STOP_SECONDS = DEFAULT_STOP_TIMEOUT_MS / 1000;
/** The agent's default, so a task deployed with the construct polls as cheaply as one started by hand. */
export const DEFAULT_WATCH_SECONDS = DEFAULT_WATCH_INTERVAL_MS / 1000;
const MIN_WATCH_SECONDS = Math.ceil(MIN_WATCH_INTERVAL_MS / 1000);
const MAX_WATCH_SECONDS = MAX_WATCH_INTERVAL_MS / 1000;
const MAX_DRAIN_SECONDS = MAX_DRAIN_TIMEOUT_MS / 1000;
const MIN_STOP_SECONDS = MIN_STOP_TIMEOUT_MS / 1000;
const MAX_STOP_SECONDS = MAX_STOP_TIMEOUT_MS / 1000;

export interface ValidSidecarSettings {
  role: Role;
  allowPeerSans: string[];
  serverSan?: string;
  upstream?: string;
  listenPort: number;
  appPort: number;
  egressPort: number;
  adminPort: number;
  healthPort: number;
  watchSeconds: number;
  drainSeconds: number;
  stopSeconds: number;
}

const DNS = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const UPSTREAM = /^[A-Za-z0-9.-]+:\d{1,5}$/;

function fail(prop: string, problem: string): never {
  throw new InvalidPropsError('EnvoyMtlsSidecar', prop, problem);
}

function port(prop: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > 65535) fail(prop, `must be a port from 1 to 65535; got ${n}`);
  return n;
}

function seconds(prop: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) fail(prop, `must be whole seconds from ${min} to ${max}; got ${n}`);
  return n;
}

export function validateSidecarProps(props: SidecarSettings & { identitySecretName: string }): ValidSidecarSettings {
  if (!Token.isUnresolved(props.identitySecretName) && !props.identitySecretName)
    fail('identitySecretName', 'is required');
  const role = props.role ?? DEFAULT_ROLE;
  if (!isRole(role)) fail('role', `must be one of ${ROLES.join(', ')}; got '${String(role)}'`);
  const allowPeerSans = props.allowPeerSans ?? [];
  if (role !== 'client' && allowPeerSans.length === 0) fail('allowPeerSans', `is required for role '${role}'`);
  const badSan = [...allowPeerSans, props.serverSan ?? 'ok'].find((san) => !DNS.test(san));
  if (badSan !== undefined)
    fail(badSan === props.serverSan ? 'serverSan' : 'allowPeerSans', `'${badSan}' is not a DNS name`);
  if (role !== 'server') {
    if (!props.upstream || !UPSTREAM.test(props.upstream))
      fail('upstream', `is required as HOST:PORT for role '${role}'`);
    if (!props.serverSan) fail('serverSan', `is required for role '${role}'`);
  }
  const settings: ValidSidecarSettings = {
    role,
    allowPeerSans,
    serverSan: props.serverSan,
    upstream: props.upstream,
    listenPort: port('listenPort', props.listenPort, DEFAULT_LISTEN_PORT),
    appPort: port('appPort', props.appPort, DEFAULT_APP_PORT),
    egressPort: port('egressPort', props.egressPort, DEFAULT_EGRESS_PORT),
    adminPort: port('adminPort', props.adminPort, DEFAULT_ADMIN_PORT),
    healthPort: port('healthPort', props.healthPort, DEFAULT_HEALTH_PORT),
    watchSeconds: seconds(
      'watchIntervalSeconds',
      props.watchIntervalSeconds,
      DEFAULT_WATCH_SECONDS,
      MIN_WATCH_SECONDS,
      MAX_WATCH_SECONDS,
    ),
    drainSeconds: seconds(
      'drainTimeoutSeconds',
      props.drainTimeoutSeconds,
      DEFAULT_DRAIN_SECONDS,
      0,
      MAX_DRAIN_SECONDS,
    ),
    stopSeconds: seconds(
      'stopTimeoutSeconds',
      props.stopTimeoutSeconds,
      DEFAULT_STOP_SECONDS,
      MIN_STOP_SECONDS,
      MAX_STOP_SECONDS,
    ),
  };
  const ports = [settings.listenPort, settings.appPort, settings.egressPort, settings.adminPort, settings.healthPort];
  if (new Set(ports).size !== ports.length) fail('listenPort', 'and the other ports must all differ');
  return settings;
}

/** The PCA_MTLS_* variables for the agent (flags and variables are one schema; see envoy/agent/config.ts). */
export function sidecarEnvironment(settings: ValidSidecarSettings): Record<string, string> {
  return {
    PCA_MTLS_ROLE: settings.role,
    ...(settings.allowPeerSans.length ? { PCA_MTLS_ALLOW_PEER_SAN: settings.allowPeerSans.join(',') } : {}),
    ...(settings.serverSan ? { PCA_MTLS_SERVER_SAN: settings.serverSan } : {}),
    ...(settings.upstream ? { PCA_MTLS_UPSTREAM: settings.upstream } : {}),
    PCA_MTLS_LISTEN_PORT: String(settings.listenPort),
    PCA_MTLS_APP_PORT: String(settings.appPort),
    PCA_MTLS_EGRESS_PORT: String(settings.egressPort),
    PCA_MTLS_ADMIN_PORT: String(settings.adminPort),
    PCA_MTLS_HEALTH_PORT: String(settings.healthPort),
    PCA_MTLS_WATCH_INTERVAL: `${settings.watchSeconds}s`,
    PCA_MTLS_DRAIN_TIMEOUT: `${settings.drainSeconds}s`,
    PCA_MTLS_STOP_TIMEOUT: `${settings.stopSeconds}s`,
  };
}
