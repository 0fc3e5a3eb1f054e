/**
 * The agent's settings: raw text from flags and `PCA_MTLS_*` variables
 * (`readRawSettings`) → each setting parsed and checked on its own
 * (`parseSettings`) → defaults and the rules between settings
 * (`resolveAgentConfig`) → one frozen `AgentConfig`.
 */
import { parseSettings } from './settings/parse-settings.ts';
import { readRawSettings } from './settings/read-raw-settings.ts';
import { resolveAgentConfig } from './settings/resolve-agent-config.ts';
import type { AgentConfig } from './settings/agent-config.ts';

export type { AgentConfig } from './settings/agent-config.ts';
export { agentSettingsReference, agentUsage } from './settings/agent-usage.ts';
export { parseSettings, type AgentSettings, type GivenSettings } from './settings/parse-settings.ts';
export { readRawSettings, type RawSettings } from './settings/read-raw-settings.ts';
export { resolveAgentConfig } from './settings/resolve-agent-config.ts';
export { parseDuration } from './settings/setting-parsers.ts';
export {
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
  envVarFor,
  MAX_DRAIN_TIMEOUT_MS,
  MAX_STOP_TIMEOUT_MS,
  MAX_WATCH_INTERVAL_MS,
  MIN_STOP_TIMEOUT_MS,
  MIN_WATCH_INTERVAL_MS,
} from './settings/setting-table.ts';

/**
 * Flags and environment → validated configuration (read → parse → resolve).
 *
 * @throws AgentConfigError naming every problem at once
 */
export function parseAgentConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): AgentConfig {
  return resolveAgentConfig(parseSettings(readRawSettings(argv, env)));
}
