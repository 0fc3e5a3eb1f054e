import { Token } from 'aws-cdk-lib';
import { DEFAULT_WATCH_INTERVAL_MS } from '../../envoy/agent/config.js';
import { isRole, ROLES, type Role } from '../../lib/vocabulary.js';
import { InvalidPropsError } from './props-error.js';

/** The agent's settings the construct sets (envoy/agent/README.md has each PCA_MTLS_* variable). */
export interface SidecarSettings {
  /** `server` (mTLS listener in front of the app), `client` (egress to one upstream) or `both`. Default `both`. */
  readonly role?: Role;
  /** SANs of peers allowed to connect (server) — required for `server` and `both`. */
  readonly allowPeerSans?: string[];
  /** The SAN the upstream must present (client, both). */
  readonly serverSan?: string;
  /** HOST:PORT of the upstream's mTLS listener (client, both). */
  readonly upstream?: string;
  /** Default 15000. */
  readonly listenPort?: number;
  /** The app's port on loopback. Default 8080. */
  readonly appPort?: number;
  /** The app's plaintext egress port on loopback. Default 15001. */
  readonly egressPort?: number;
  /** Envoy admin on loopback. Default 9901. */
  readonly adminPort?: number;
  /** The agent's /healthz and /metrics. Default 9902. */
  readonly healthPort?: number;
  /** How often the agent checks for a new secret version. Default: the agent's own (5 min). */
  readonly watchIntervalSeconds?: number;
  /** How long Envoy drains connections on SIGTERM. Default 20 s. */
  readonly drainTimeoutSeconds?: number;
  /** How long the agent waits for Envoy to exit after draining. Default 10 s. */
  readonly stopTimeoutSeconds?: number;
}

export const DEFAULT_HEALTH_PORT = 9902;
export const DEFAULT_DRAIN_SECONDS = 20;
export const DEFAULT_STOP_SECONDS = 10;
/** The agent's default, so a task deployed with the construct polls as cheaply as one started by hand. */
export const DEFAULT_WATCH_SECONDS = DEFAULT_WATCH_INTERVAL_MS / 1000;

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
  const role = props.role ?? 'both';
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
    listenPort: port('listenPort', props.listenPort, 15000),
    appPort: port('appPort', props.appPort, 8080),
    egressPort: port('egressPort', props.egressPort, 15001),
    adminPort: port('adminPort', props.adminPort, 9901),
    healthPort: port('healthPort', props.healthPort, DEFAULT_HEALTH_PORT),
    watchSeconds: seconds('watchIntervalSeconds', props.watchIntervalSeconds, DEFAULT_WATCH_SECONDS, 1, 86_400),
    drainSeconds: seconds('drainTimeoutSeconds', props.drainTimeoutSeconds, DEFAULT_DRAIN_SECONDS, 0, 300),
    stopSeconds: seconds('stopTimeoutSeconds', props.stopTimeoutSeconds, DEFAULT_STOP_SECONDS, 1, 300),
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
