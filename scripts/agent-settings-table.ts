// Prints the agent's settings as the Markdown table README.md carries between
// the agent-settings markers; test/docs/readme.test.ts fails when they differ.
//   npx tsx scripts/agent-settings-table.ts
import { agentSettingsReference } from '../envoy/agent/config.ts';

export function agentSettingsTable(): string {
  const rows = agentSettingsReference().map(
    (r) => `| \`${r.flag}\` | \`${r.variable}\` | ${r.takes.replace(/\|/g, '\\|')} |`,
  );
  return [
    '| flag | variable | takes |',
    '|---|---|---|',
    ...rows,
    '| `-- COMMAND ARGS...` | | the process to supervise, normally `envoy -c <out-dir>/envoy.yaml` |',
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '')))
  console.log(agentSettingsTable());
