import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
// @ts-expect-error: a plain ES module of the build, without types
import { buildAgentBundle } from '../../envoy/agent/bundle/build-agent-bundle.mjs';
import t from 'tap';
import { runCli } from '../helpers/cli-process.ts';
import { agentWorld, memoryDir, tellerArgs } from './agent-fixtures.ts';

t.test('pca-mtls agent: --help, bad settings (exit 2), and a bootstrap as a user runs it', async (t) => {
  const help = await runCli(t, ['agent', '--help']);
  t.equal(help.code, 0);
  t.match(help.stdout, /--secret-id VALUE\n\s+PCA_MTLS_SECRET_ID: a Secrets Manager secret name or ARN \(required\)/);
  t.match(help.stdout, /--watch-interval VALUE\n\s+PCA_MTLS_WATCH_INTERVAL: a duration from 100ms to 24h/);

  const bad = await runCli(t, [
    'agent',
    '--secret-id',
    'x',
    '--role',
    'server',
    '--allow-peer-san',
    'a.local',
    '--listen-port',
    '0',
  ]);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--listen-port \(PCA_MTLS_LISTEN_PORT\) must be a port from 1 to 65535/);

  const world = await agentWorld(t);
  const outDir = await memoryDir(t);
  const ok = await runCli(t, ['agent', ...tellerArgs(outDir, ['--once'])], world.env);
  t.equal(ok.code, 0, ok.stderr);
  t.same((await readdir(join(outDir, 'current'))).sort(), ['cert-chain.pem', 'key.pem', 'trust-bundle.pem']);
});

t.test(
  'dist/agent.mjs: a lean bundle (no CLI, no emulator, only the Secrets Manager client) with a V8 code cache, bootstrapping on its own',
  async (t) => {
    const outdir = await memoryDir(t, 'agent-bundle-');
    const metafile = await buildAgentBundle(outdir);
    const inputs = Object.keys(metafile.inputs);
    t.same(
      inputs.filter((p) => /^(cli|services|lambdas)\//.test(p)),
      [],
      'no CLI, aws-local or Lambda code',
    );
    t.same(
      inputs.filter((p) => /client-(acm|acm-pca|ecs|eventbridge)\//.test(p)),
      [],
      'no AWS client other than Secrets Manager',
    );
    t.same(
      inputs.filter((p) => /node_modules\/(fastify|commander|protobufjs|@grpc)\//.test(p)),
      [],
      'no fastify, commander or dev-only packages',
    );
    t.ok(inputs.some((p) => p.includes('client-secrets-manager')));
    const resident = Object.keys(metafile.supervisor.inputs);
    t.same(
      resident.filter((p) => /node_modules\/(@aws-sdk|@smithy|@peculiar|yaml|prom-client|thread-stream)\//.test(p)),
      [],
      'the resident supervisor: no AWS SDK, X.509, YAML, prom-client or pino transport code',
    );
    t.same(
      resident.filter((p) => /envoy\/agent\/(bootstrap|fetch-material|verify|write-material)\.ts$/.test(p)),
      [],
      'nor the steps that fetch, verify and write (the worker runs them)',
    );
    t.same((await readdir(outdir)).sort(), ['agent-core.cache', 'agent-core.cjs', 'agent-supervisor.cjs', 'agent.mjs']);
    const { loadAgentCore } = await import(pathToFileURL(join(outdir, 'agent.mjs')).href);
    t.equal(loadAgentCore().cacheRejected, false, 'V8 accepts the code cache the build wrote');

    const world = await agentWorld(t);
    const outDir = await memoryDir(t);
    const child = spawn(process.execPath, [join(outdir, 'agent.mjs'), ...tellerArgs(outDir, ['--once'])], {
      env: { ...process.env, ...world.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    t.equal(code, 0, err);
    t.equal(err, '', 'nothing on stderr at LOG_LEVEL=warn (no experimental or SDK warnings from the loader)');
    t.same((await readdir(join(outDir, 'current'))).sort(), ['cert-chain.pem', 'key.pem', 'trust-bundle.pem']);
  },
);
