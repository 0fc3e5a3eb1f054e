/**
 * colorteller's settings: raw input (environment or options) → one validated,
 * frozen object. Errors name the setting and its valid values.
 */
import { PcaMtlsError } from '../../lib/errors.ts';
import { DEFAULT_TLS_POLL_INTERVAL_MS } from '../../lib/tls/reloading-tls-material.ts';

/** `envoy`: plain HTTP on loopback behind the sidecar, caller from x-forwarded-client-cert. `direct`: HTTPS with client certificates. */
export const TELLER_MODES = ['envoy', 'direct'] as const;
export type TellerMode = (typeof TELLER_MODES)[number];

export const DEFAULT_COLOR = 'blue';
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
/** When neither TLS_MODE nor TLS_DIR is set. */
export const DEFAULT_MODE: TellerMode = 'envoy';

export interface ColorTellerConfig {
  readonly mode: TellerMode;
  readonly color: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** direct mode: the agent's output directory (`<dir>/current/{cert-chain,key,trust-bundle}.pem`). */
  readonly tlsDir?: string;
  /** Callers whose URI or DNS SAN is listed here are served; empty: any caller with a trusted certificate. */
  readonly allowedClientSans: readonly string[];
  readonly tlsPollIntervalMs: number;
}

/** Raw settings, as options or as strings from the environment. */
export interface ColorTellerSettings {
  mode?: string;
  color?: string;
  host?: string;
  port?: number | string;
  tlsDir?: string;
  allowedClientSans?: readonly string[] | string;
  tlsPollIntervalMs?: number | string;
}

export class ColorTellerConfigError extends PcaMtlsError {
  override name = 'ColorTellerConfigError';
  constructor(setting: string, problem: string) {
    super('BAD_CONFIG', `colorteller: ${setting} ${problem}`);
  }
}

const COLOR_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

function integer(
  value: number | string | undefined,
  setting: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ColorTellerConfigError(setting, `must be a whole number from ${min} to ${max}; got '${value}'`);
  return n;
}

function names(value: readonly string[] | string | undefined): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? value.split(',') : [...value];
  return list.map((s) => s.trim()).filter((s) => s !== '');
}

export function parseColorTellerConfig(settings: ColorTellerSettings): ColorTellerConfig {
  // Without an explicit mode, a TLS directory means the app does TLS itself.
  const mode = (settings.mode || (settings.tlsDir ? 'direct' : DEFAULT_MODE)) as TellerMode;
  if (!TELLER_MODES.includes(mode))
    throw new ColorTellerConfigError(
      'mode (TLS_MODE)',
      `must be one of ${TELLER_MODES.join(', ')}; got '${settings.mode}'`,
    );
  const color = settings.color || DEFAULT_COLOR;
  if (!COLOR_PATTERN.test(color))
    throw new ColorTellerConfigError('color (TELLER_COLOR)', `must be a lowercase word like 'blue'; got '${color}'`);
  const host = settings.host || DEFAULT_HOST;
  if (mode === 'envoy' && !LOOPBACK.test(host)) {
    // Behind Envoy the caller's identity is read from a header: anyone who could reach the port directly could forge it.
    throw new ColorTellerConfigError(
      'host (HOST)',
      `must be a loopback address in envoy mode (only the sidecar may reach the app); got '${host}'`,
    );
  }
  const tlsDir = settings.tlsDir || undefined;
  if (mode === 'direct' && !tlsDir)
    throw new ColorTellerConfigError('tlsDir (TLS_DIR)', "is required in direct mode: the agent's output directory");
  return Object.freeze({
    mode,
    color,
    host,
    port: integer(settings.port, 'port (PORT)', DEFAULT_PORT, 0, 65_535),
    tlsDir,
    allowedClientSans: Object.freeze(names(settings.allowedClientSans)),
    tlsPollIntervalMs: integer(
      settings.tlsPollIntervalMs,
      'tlsPollIntervalMs (TLS_POLL_INTERVAL_MS)',
      DEFAULT_TLS_POLL_INTERVAL_MS,
      0,
      3_600_000,
    ),
  });
}

/** The environment variables colorteller reads (names as in the errors above). */
export function colorTellerSettingsFromEnv(env: NodeJS.ProcessEnv): ColorTellerSettings {
  return {
    mode: env.TLS_MODE,
    color: env.TELLER_COLOR,
    host: env.HOST,
    port: env.PORT,
    tlsDir: env.TLS_DIR,
    allowedClientSans: env.ALLOWED_CLIENT_SANS,
    tlsPollIntervalMs: env.TLS_POLL_INTERVAL_MS,
  };
}
