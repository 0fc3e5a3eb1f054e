import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import t from 'tap';
import { declareLocalOptions, localSettings } from '../../../cli/commands/local.ts';

/** `pca-mtls local`'s flags as commander parses them, turned into settings (nothing is started). */
function settingsFor(args: string[]) {
  const command = declareLocalOptions(new Command('local')).exitOverride();
  command.parse(args, { from: 'user' });
  return localSettings(command.opts());
}

t.test('no flags: loopback, quotas on, the project wired in, nothing restricted', async (t) => {
  const settings = settingsFor([]);
  t.match(settings, {
    server: { host: '127.0.0.1', port: 4566, stateDir: '.aws-local', defaultQuotas: true, allowRemote: false },
    wireProjectFunctions: true,
  });
  t.same(settings.server.quotas, []);
  t.same(settings.server.timings, {});
  t.same(settings.iam, []);
  t.ok(Object.isFrozen(settings) && Object.isFrozen(settings.server), 'frozen');
});

t.test('each flag lands in its setting', async (t) => {
  const policy = join(t.testdir(), 'policy.json');
  await writeFile(policy, '{}');
  const settings = settingsFor([
    '--host=0.0.0.0',
    '--allow-remote',
    '--port=0',
    '--state-dir=/tmp/state',
    '--no-quotas',
    '--quota=acm:ListCertificates=8',
    '--timing=acm.issue=5s',
    '--timing=acm.issue=2s',
    `--iam=AKIDTEST=${policy}`,
    '--log-level=debug',
    '--bare',
    '--region=eu-west-1',
  ]);
  t.match(settings, {
    server: { host: '0.0.0.0', port: 0, stateDir: '/tmp/state', defaultQuotas: false, logLevel: 'debug' },
    wireProjectFunctions: false,
    region: 'eu-west-1',
  });
  t.equal(settings.server.allowRemote, true);
  t.same(settings.server.quotas, [{ service: 'acm', operation: 'ListCertificates', requestsPerSecond: 8 }]);
  t.same(settings.server.timings, { 'acm.issue': 2_000 }, 'a repeated --timing: the last wins');
  t.same(settings.iam, [{ accessKeyId: 'AKIDTEST', policyFile: policy }]);
});
