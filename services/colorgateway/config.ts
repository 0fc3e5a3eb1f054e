/**
 * colorgateway's settings: raw input (environment or options) → one validated,
 * frozen object. Errors name the setting and its valid values.
 */
import { PcaMtlsError } from '../../lib/errors.ts';
import { DEFAULT_TLS_POLL_INTERVAL_MS } from '../../lib/tls/reloading-tls-material.ts';

/** `envoy`: plain HTTP to the local Envoy egress, which does mTLS. `direct`: mTLS to colorteller from the agent's files. */
export const GATEWAY_MODES = ['envoy', 'direct'] as const;
export type GatewayMode = (typeof GATEWAY_MODES)[number];

/** When neither TLS_MODE nor TLS_DIR is set. */
export const DEFAULT_MODE: GatewayMode = 'envoy';
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 9080;
/** How long one call to colorteller may take, connection and TLS handshake included. */
export const DEFAULT_TELLER_TIMEOUT_MS = 2_000;

export interface ColorGatewayConfig {
  readonly mode: GatewayMode;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** envoy: the local egress listener (`http://127.0.0.1:…`); direct: colorteller itself (`https://…`). */
  readonly tellerUrl: string;
  /** direct mode: the DNS or URI SAN colorteller's certificate must carry. */
  readonly tellerSan?: string;
  /** direct mode: the agent's output directory. */
  readonly tlsDir?: string;
  readonly tellerTimeoutMs: number;
  readonly tlsPollIntervalMs: number;
}

export interface ColorGatewaySettings {
  mode?: string;
  host?: string;
  port?: number | string;
  tellerUrl?: string;
  tellerSan?: string;
  tlsDir?: string;
  tellerTimeoutMs?: number | string;
  tlsPollIntervalMs?: number | string;
}

export class ColorGatewayConfigError extends PcaMtlsError {
  override name = 'ColorGatewayConfigError';
  constructor(setting: string, problem: string) {
    super('BAD_CONFIG', `colorgateway: ${setting} ${problem}`);
  }
}

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
    throw new ColorGatewayConfigError(setting, `must be a whole number from ${min} to ${max}; got '${value}'`);
  return n;
}

export function parseColorGatewayConfig(settings: ColorGatewaySettings): ColorGatewayConfig {
  // Without an explicit mode, a TLS directory means the app does TLS itself.
  const mode = (settings.mode || (settings.tlsDir ? 'direct' : DEFAULT_MODE)) as GatewayMode;
  if (!GATEWAY_MODES.includes(mode))
    throw new ColorGatewayConfigError(
      'mode (TLS_MODE)',
      `must be one of ${GATEWAY_MODES.join(', ')}; got '${settings.mode}'`,
    );
  if (!settings.tellerUrl) throw new ColorGatewayConfigError('tellerUrl (TELLER_URL)', 'is required');
  let url: URL;
  try {
    url = new URL(settings.tellerUrl);
  } catch {
    throw new ColorGatewayConfigError('tellerUrl (TELLER_URL)', `is not a URL: '${settings.tellerUrl}'`);
  }
  const wantedScheme = mode === 'direct' ? 'https:' : 'http:';
  if (url.protocol !== wantedScheme) {
    const why =
      mode === 'direct'
        ? 'direct mode speaks mTLS to colorteller itself'
        : 'envoy mode talks plain HTTP to the local Envoy, which does the mTLS';
    throw new ColorGatewayConfigError(
      'tellerUrl (TELLER_URL)',
      `must start with ${wantedScheme}// in ${mode} mode (${why}); got '${settings.tellerUrl}'`,
    );
  }
  const tellerSan = settings.tellerSan || undefined;
  const tlsDir = settings.tlsDir || undefined;
  if (mode === 'direct' && !tellerSan)
    throw new ColorGatewayConfigError(
      'tellerSan (TELLER_SAN)',
      "is required in direct mode: the name colorteller's certificate must carry",
    );
  if (mode === 'direct' && !tlsDir)
    throw new ColorGatewayConfigError('tlsDir (TLS_DIR)', "is required in direct mode: the agent's output directory");
  return Object.freeze({
    mode,
    host: settings.host || DEFAULT_HOST,
    port: integer(settings.port, 'port (PORT)', DEFAULT_PORT, 0, 65_535),
    tellerUrl: url.toString().replace(/\/$/, ''),
    tellerSan,
    tlsDir,
    tellerTimeoutMs: integer(
      settings.tellerTimeoutMs,
      'tellerTimeoutMs (TELLER_TIMEOUT_MS)',
      DEFAULT_TELLER_TIMEOUT_MS,
      1,
      600_000,
    ),
    tlsPollIntervalMs: integer(
      settings.tlsPollIntervalMs,
      'tlsPollIntervalMs (TLS_POLL_INTERVAL_MS)',
      DEFAULT_TLS_POLL_INTERVAL_MS,
      0,
      3_600_000,
    ),
  });
}

/** The environment variables colorgateway reads (names as in the errors above). */
export function colorGatewaySettingsFromEnv(env: NodeJS.ProcessEnv): ColorGatewaySettings {
  return {
    mode: env.TLS_MODE,
    host: env.HOST,
    port: env.PORT,
    tellerUrl: env.TELLER_URL,
    tellerSan: env.TELLER_SAN,
    tlsDir: env.TLS_DIR,
    tellerTimeoutMs: env.TELLER_TIMEOUT_MS,
    tlsPollIntervalMs: env.TLS_POLL_INTERVAL_MS,
  };
}
