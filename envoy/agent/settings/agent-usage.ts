import { envVarFor, SETTINGS, type Setting } from './setting-table.ts';

const flagColumn = (s: Setting) =>
  `--${s.flag}${s.kind === 'boolean' ? '' : ' VALUE'}${s.kind === 'list' ? ' (repeatable)' : ''}`;

/** The settings table as documentation rows: flag, variable, what it takes (README's reference is checked against it). */
export function agentSettingsReference(): { flag: string; variable: string; takes: string }[] {
  return Object.values(SETTINGS).map((s: Setting) => ({
    flag: flagColumn(s),
    variable: envVarFor(s.flag),
    takes: s.range,
  }));
}

/** `--help`: every setting with its variable and valid range, from the same table the validation uses. */
export function agentUsage(): string {
  const rows = Object.values(SETTINGS).map(
    (s: Setting) => `  ${flagColumn(s)}\n      ${envVarFor(s.flag)}: ${s.range}`,
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
