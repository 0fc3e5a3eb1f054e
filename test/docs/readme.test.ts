import { readFile } from 'node:fs/promises';
import t from 'tap';
import { AGENT_ERROR_CODES } from '../../envoy/agent/errors.ts';
import { PKI_ERROR_CODES } from '../../lib/pki/errors.ts';
import { agentSettingsTable } from '../../scripts/agent-settings-table.ts';

const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');

t.test("the agent's configuration reference is the agent's own settings table", async (t) => {
  const block = /<!-- agent-settings:start -->\n([\s\S]*?)\n<!-- agent-settings:end -->/.exec(readme);
  t.ok(block, 'README has the generated block');
  t.equal(block?.[1], agentSettingsTable(), 'regenerate with: npx tsx scripts/agent-settings-table.ts');
});

t.test('every error the agent can raise has a troubleshooting row', async (t) => {
  const section = readme.slice(
    readme.indexOf('### Troubleshooting the agent'),
    readme.indexOf('### Agent configuration reference'),
  );
  for (const code of [
    ...AGENT_ERROR_CODES,
    ...PKI_ERROR_CODES,
    'SECRET_SCHEMA',
    'AWS_ACCESS_DENIED',
    'AWS_THROTTLED',
    'AWS_TIMEOUT',
    'AWS_UNREACHABLE',
  ]) {
    t.match(section, `\`${code}\``, code);
  }
});

t.test('the two commands a newcomer needs are there', async (t) => {
  t.match(readme, 'npm install && npm start');
  t.match(readme, 'npm test');
});
