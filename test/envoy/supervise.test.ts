import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { agentWorld, FIXTURES, memoryDir, spawnAgent, tellerArgs } from './agent-fixtures.ts';

const FAKE_ENVOY = join(FIXTURES, 'fake-envoy.mjs');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test(
  'SIGTERM: the agent drains through the admin API, then stops the command, and exits with its status',
  async (t) => {
    const world = await agentWorld(t);
    const outDir = await memoryDir(t);
    const admin = await freePort();
    const agent = spawnAgent(t, world, [
      ...tellerArgs(outDir, ['--admin-port', String(admin), '--drain-timeout', '300ms']),
      '--',
      process.execPath,
      FAKE_ENVOY,
      '--admin-port',
      String(admin),
      '--exit-code',
      '7',
    ]);
    await agent.waitFor(/fake-envoy: started/);

    agent.child.kill('SIGHUP');
    await agent.waitFor(/fake-envoy: got SIGHUP/);
    agent.child.kill('SIGUSR1');
    await agent.waitFor(/fake-envoy: got SIGUSR1/);

    agent.child.kill('SIGTERM');
    const { code } = await agent.exited;
    t.equal(code, 7, "the agent exits with the command's status");
    const out = agent.stdout();
    const drain = out.indexOf('fake-envoy: POST /drain_listeners?graceful');
    const term = out.indexOf('fake-envoy: got SIGTERM');
    t.ok(drain >= 0, 'Envoy was asked to drain gracefully');
    t.ok(term > drain, 'and got SIGTERM only after the drain request');
    t.match(agent.stderr(), /"msg":"draining listeners before stopping the command"/);
  },
);

t.test('the command dying makes the agent exit with its code', async (t) => {
  const world = await agentWorld(t);
  const outDir = await memoryDir(t);
  const admin = await freePort();
  const agent = spawnAgent(t, world, [
    ...tellerArgs(outDir, ['--admin-port', String(admin)]),
    '--',
    process.execPath,
    FAKE_ENVOY,
    '--admin-port',
    String(admin),
    '--exit-code',
    '3',
    '--die-after',
    '300',
  ]);
  const { code } = await agent.exited;
  t.equal(code, 3);
  t.match(agent.stdout(), /fake-envoy: dying/);
  t.match(agent.stderr(), /"msg":"command exited"/);
});

t.test('a command killed by a signal: the agent exits 128 + the signal number', async (t) => {
  const world = await agentWorld(t);
  const outDir = await memoryDir(t);
  const agent = spawnAgent(t, world, [...tellerArgs(outDir), '--', '/bin/sh', '-c', 'echo started; kill -KILL $$']);
  const { code } = await agent.exited;
  t.equal(code, 137);
});

t.test('a command that cannot start: exit 1 with the reason; the material is in place', async (t) => {
  const world = await agentWorld(t);
  const outDir = await memoryDir(t);
  const agent = spawnAgent(t, world, [...tellerArgs(outDir), '--', '/nonexistent/envoy', '-c', 'x']);
  const { code } = await agent.exited;
  t.equal(code, 1);
  t.match(agent.stderr(), /\[COMMAND_FAILED_TO_START\] cannot start \/nonexistent\/envoy \(ENOENT\)/);
});

t.test('--once without a command: write and exit 0', async (t) => {
  const world = await agentWorld(t);
  const outDir = await memoryDir(t);
  const agent = spawnAgent(t, world, tellerArgs(outDir, ['--once']));
  t.equal((await agent.exited).code, 0);
});

t.test(
  'as PID 1 (a fresh PID namespace, as in a container): SIGTERM still drains, stops and passes the status on',
  async (t) => {
    const world = await agentWorld(t);
    const outDir = await memoryDir(t);
    const admin = await freePort();
    const { AGENT_MAIN } = await import('./agent-fixtures.ts');
    const { nodeArgsFor } = await import('../helpers/cli-process.ts');
    // unshare forks the agent (dist/agent.mjs, as the image runs it) as PID 1 of a new namespace; bash as PID 1
    // would have ignored SIGTERM.
    const args = [
      '--pid',
      '--fork',
      process.execPath,
      ...nodeArgsFor(AGENT_MAIN),
      ...tellerArgs(outDir, ['--admin-port', String(admin), '--drain-timeout', '200ms']),
      '--',
      process.execPath,
      FAKE_ENVOY,
      '--admin-port',
      String(admin),
      '--exit-code',
      '9',
    ];
    const { spawn } = await import('node:child_process');
    const { readFile } = await import('node:fs/promises');
    const unshare = spawn('/usr/bin/unshare', args, {
      env: { ...process.env, ...world.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    t.teardown(() => unshare.kill('SIGKILL'));
    let out = '';
    unshare.stdout.on('data', (d) => (out += d));
    unshare.stderr.on('data', () => {});
    const exited = new Promise<number | null>((resolve) => unshare.on('close', (code) => resolve(code)));
    for (let i = 0; i < 600 && !/fake-envoy: started/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    t.match(
      out,
      /fake-envoy: started pid \d+ ppid 1\n/,
      'the agent is PID 1 in its namespace (the parent of its command)',
    );
    const agentPid = Number(
      (await readFile(`/proc/${unshare.pid}/task/${unshare.pid}/children`, 'utf8')).trim().split(/\s+/)[0],
    );
    process.kill(agentPid, 'SIGTERM');
    t.equal(await exited, 9, "the command's status comes out of the namespace");
    t.ok(
      out.indexOf('POST /drain_listeners?graceful') >= 0 &&
        out.indexOf('POST /drain_listeners?graceful') < out.indexOf('got SIGTERM'),
      'drained before SIGTERM',
    );
  },
);

t.test('watch mode, material refused by the worker process: exit 1 with its code, nothing started', async (t) => {
  const world = await agentWorld(t);
  const outDir = await memoryDir(t);
  const marker = join(outDir, 'started');
  const args = [...tellerArgs(outDir, ['--secret-id', 'pca-mtls/nobody']), '--', '/bin/sh', '-c', `touch ${marker}`];
  const agent = spawnAgent(t, world, args);
  t.equal((await agent.exited).code, 1);
  t.match(agent.stderr(), /pca-mtls agent: \[SECRET_NOT_FOUND\] /, 'the code the worker reported, as before');
  t.notOk(existsSync(marker), 'the command never ran');
});
