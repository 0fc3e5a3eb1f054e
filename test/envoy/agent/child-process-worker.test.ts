import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { childProcessWorker } from '../../../envoy/agent/child-process-worker.ts';

// Each worker here is `node -e SCRIPT op versions flags…`: a stand-in whose report (or misbehaviour) the test picks.
const worker = (script: string, options: { timeoutMs?: number; agentFlags?: string[] } = {}) =>
  childProcessWorker({
    command: [process.execPath, '-e', script],
    agentFlags: options.agentFlags ?? ['--secret-id', 'pca-mtls/colorteller'],
    timeoutMs: options.timeoutMs,
  });
const printing = (report: unknown) => `process.stdout.write(${JSON.stringify(JSON.stringify(report) + '\n')})`;

const MATERIAL = {
  identity: 'colorteller',
  serial: '0a',
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2027-01-01T00:00:00.000Z',
  identityVersionId: 'v-identity',
  trustVersionId: 'v-trust',
  version: 'v-1-0a',
  writtenAt: '2026-06-01T00:00:00.000Z',
};
const IN_PLACE = { ...MATERIAL, notBefore: new Date(0), notAfter: new Date(0), writtenAt: new Date(0) };

t.test('the operation, the versions in place and the agent flags reach the worker as arguments', async (t) => {
  const dir = t.testdir();
  const argvFile = join(dir, 'argv.json');
  const script = `require('fs').writeFileSync(${JSON.stringify(argvFile)}, JSON.stringify(process.argv.slice(1)));
    ${printing({ op: 'check', report: { outcome: 'unchanged', checkedAt: '2026-06-02T00:00:00.000Z' } })}`;
  const report = await worker(script).check(IN_PLACE);
  t.same(report, { outcome: 'unchanged', checkedAt: new Date('2026-06-02T00:00:00.000Z') });
  t.same(JSON.parse(await readFile(argvFile, 'utf8')), [
    'check',
    '["v-identity","v-trust"]',
    '--secret-id',
    'pca-mtls/colorteller',
  ]);
});

t.test('a rotation report brings the new material back with its dates revived', async (t) => {
  const report = await worker(
    printing({
      op: 'check',
      report: { outcome: 'rotated', checkedAt: '2026-06-02T00:00:00.000Z', material: MATERIAL },
    }),
  ).check(undefined);
  t.equal(report.outcome, 'rotated');
  if (report.outcome !== 'rotated') return;
  t.equal(report.material.serial, '0a');
  t.same(report.material.notAfter, new Date(MATERIAL.notAfter));
});

t.test('a start report: the result, or the failure code and message the worker reported', async (t) => {
  const result = { serial: '0a', secretVersionId: 'v-identity', filesystem: { name: 'tmpfs' }, material: MATERIAL };
  const started = await worker(printing({ op: 'start', ok: true, result })).start();
  t.equal(started.serial, '0a');
  t.same(started.material.writtenAt, new Date(MATERIAL.writtenAt));
  await t.rejects(
    worker(printing({ op: 'start', ok: false, code: 'SECRET_NOT_FOUND', message: 'no such secret' })).start(),
    { code: 'SECRET_NOT_FOUND', message: 'no such secret' },
  );
});

t.test('fails closed: a crash, a malformed or oversized report, a hang', async (t) => {
  const crash = await worker('process.exit(3)').check(IN_PLACE);
  t.match(crash, { outcome: 'failed', code: 'AGENT_WORKER_FAILED', message: /without a report/ });

  const malformed = await worker(
    printing({ op: 'check', report: { outcome: 'rotated', checkedAt: '2026-06-02T00:00:00.000Z', material: {} } }),
  ).check(IN_PLACE);
  t.match(malformed, { outcome: 'failed', code: 'AGENT_WORKER_FAILED', message: /malformed \(material\.identity\)/ });
  await t.rejects(worker(printing({ op: 'start', ok: true, result: {} })).start(), { code: 'AGENT_WORKER_FAILED' });

  const flood = await worker("const s = 'x'.repeat(65536); setInterval(() => process.stdout.write(s), 1)").check(
    IN_PLACE,
  );
  t.match(flood, { outcome: 'failed', code: 'AGENT_WORKER_FAILED', message: /printed over 65536 bytes; killed/ });

  const dir = t.testdir();
  const pidFile = join(dir, 'pid');
  const hang = await worker(
    `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`,
    {
      timeoutMs: 3_000, // room for a loaded machine to start node and write the pid
    },
  ).check(IN_PLACE);
  t.match(hang, { outcome: 'failed', code: 'AGENT_WORKER_TIMEOUT', message: /within 3000 ms; killed/ });
  t.notOk(existsSync(`/proc/${await readFile(pidFile, 'utf8')}`), 'the hung worker was killed');
});

t.test('start: stopping the agent kills the worker', async (t) => {
  const abort = new AbortController();
  const started = worker('setInterval(() => {}, 1000)').start(abort.signal);
  setTimeout(() => abort.abort(), 200);
  await t.rejects(started, { code: 'AGENT_WORKER_FAILED', message: /the agent is stopping/ });
});

t.test('a worker that cannot be spawned is a failed check', async (t) => {
  const report = await childProcessWorker({ command: ['/nonexistent/node'], agentFlags: [] }).check(undefined);
  t.match(report, { outcome: 'failed', code: 'AGENT_WORKER_FAILED', message: /could not start \(ENOENT\)/ });
});
