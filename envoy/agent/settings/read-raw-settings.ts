import { parseArgs } from 'node:util';
import { AgentConfigError } from '../errors.ts';
import { envVarFor, SETTINGS, type Setting, type SettingName } from './setting-table.ts';

/** Settings as text, as flags and `PCA_MTLS_*` variables gave them; nothing checked yet. */
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
  const values = readFlags(flags);
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

function readFlags(flags: string[]): Record<string, string | boolean | (string | boolean)[] | undefined> {
  const options = Object.fromEntries(
    Object.values(SETTINGS).map((s) => [
      s.flag,
      { type: s.kind === 'boolean' ? ('boolean' as const) : ('string' as const), multiple: s.kind === 'list' },
    ]),
  );
  try {
    return parseArgs({ args: flags, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new AgentConfigError([
      `${message}; run with the flags listed in the README (the command to supervise goes after --)`,
    ]);
  }
}
