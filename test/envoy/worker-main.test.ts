import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { readlink } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { runMaterialWorker } from '../../envoy/agent/worker-main.ts';
import { reviveCheck, reviveStart } from '../../envoy/agent/worker-report.ts';
import { agentWorld, memoryDir, TELLER, tellerArgs } from './agent-fixtures.ts';

t.test(
  'the worker process side: start, an unchanged check, a rotation, a failure; one report line, no secret',
  async (t) => {
    const world = await agentWorld(t);
    const outDir = await memoryDir(t);
    const lines: string[] = [];
    const worker = (argv: string[]) =>
      runMaterialWorker(argv, {
        env: { LOG_LEVEL: 'silent' },
        stdout: (text) => lines.push(text),
        clients: () => world.agentClients(),
      });
    const lastReport = (): unknown => JSON.parse(lines.at(-1) ?? 'null');

    t.equal(await worker(['start', '-', ...tellerArgs(outDir)]), 0);
    const started = reviveStart(lastReport());
    t.equal(started.secretVersionId, world.teller.versionId);
    t.equal(started.serial, world.teller.serial);
    t.equal(await readlink(join(outDir, 'current')), started.version);
    const versions = JSON.stringify([started.material.identityVersionId, started.material.trustVersionId]);

    t.equal(await worker(['check', versions, ...tellerArgs(outDir)]), 0);
    t.equal(reviveCheck(lastReport()).outcome, 'unchanged');

    t.equal(await worker(['check', '-', ...tellerArgs(outDir)]), 0, 'nothing in place: fetch, verify, swap');
    const rotated = reviveCheck(lastReport());
    t.equal(rotated.outcome, 'rotated');
    if (rotated.outcome === 'rotated') t.equal(await readlink(join(outDir, 'current')), rotated.material.version);

    await world.clients.secrets.send(
      new PutSecretValueCommand({ SecretId: TELLER.secretId, SecretString: '{"not":"x"}' }),
    );
    t.equal(await worker(['check', versions, ...tellerArgs(outDir)]), 1, 'a bad new version: a failed check');
    t.match(reviveCheck(lastReport()), { outcome: 'failed', code: 'SECRET_SCHEMA', checkedAt: Date });
    if (rotated.outcome === 'rotated')
      t.equal(await readlink(join(outDir, 'current')), rotated.material.version, 'old files stay');

    t.equal(await worker(['start', '-', ...tellerArgs(outDir, ['--secret-id', 'pca-mtls/nobody'])]), 1);
    await t.rejects(async () => reviveStart(lastReport()), { code: 'SECRET_NOT_FOUND' });
    t.equal(await worker(['start', '-', '--role', 'nonsense']), 1);
    await t.rejects(async () => reviveStart(lastReport()), { code: 'AGENT_CONFIG' });

    t.equal(lines.length, 6, 'one line per run');
    for (const line of lines)
      t.notMatch(line, /PRIVATE KEY|passphrase|BEGIN CERTIFICATE/i, 'no key or secret material');
  },
);
