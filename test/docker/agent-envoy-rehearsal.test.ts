/**
 * A rehearsal of the agent-envoy image without Docker: the final stage's files are laid out in a directory
 * exactly as docker/agent-envoy/Dockerfile's COPY instructions put them (same paths under that directory,
 * same modes), the image's ENV is applied, and its ENTRYPOINT + CMD run from there as the image's USER,
 * as PID 1 of a fresh PID namespace, against aws-local. The base image's /usr/local/bin/envoy is a
 * stand-in that checks its arguments and opens every file the agent handed it.
 *
 * What differs from a container, stated: no chroot (absolute image paths are mapped under the directory,
 * and /dev/shm/pca-mtls to a fresh tmpfs directory), the host's network (the admin and health ports are
 * free ports instead of 9901/9902), and the node binary is this test's own (the same version the image pins).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parse } from 'yaml';
import { agentWorld, memoryDir } from '../envoy/agent-fixtures.ts';
import { checkAgainstEnvoyProto } from '../envoy/envoy-proto.ts';
import { readDockerfile, type Stage } from './dockerfile-model.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCKERFILE = 'docker/agent-envoy/Dockerfile';
const STAND_IN = join(REPO_ROOT, 'test/docker/fixtures/stand-in-envoy.mjs');
/** The official Envoy image runs Envoy as this user; the Dockerfile's USER says the same (checked below). */
const IMAGE_UID = 101;
const BUILT = existsSync(join(REPO_ROOT, 'dist/agent.mjs'));
const IS_ROOT = process.getuid?.() === 0;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Files the other stages provide: the official node image's binary is this test's node (same version). */
const STAGE_FILES: Record<string, Record<string, string>> = { node: { '/usr/local/bin/node': process.execPath } };

/** Lays out `stage`'s COPY instructions under `root`, plus the base image's envoy (the stand-in). */
async function assemble(stage: Stage, root: string): Promise<string[]> {
  const placed: string[] = [];
  for (const copy of stage.copies) {
    for (const source of copy.sources) {
      const target = copy.destination.endsWith('/')
        ? join(root, copy.destination, basename(source))
        : join(root, copy.destination);
      await mkdir(dirname(target), { recursive: true, mode: 0o755 });
      const fromStage = copy.from ? STAGE_FILES[copy.from]?.[source] : undefined;
      if (copy.from && !fromStage) throw new Error(`no stand-in for ${source} from stage ${copy.from}`);
      if (fromStage) await symlink(fromStage, target);
      else await copyFile(join(REPO_ROOT, source), target);
      if (copy.chmod) await chmod(target, parseInt(copy.chmod, 8));
      placed.push(target.slice(root.length));
    }
  }
  const envoy = join(root, 'usr/local/bin/envoy');
  await writeFile(envoy, `#!${process.execPath}\n${await readFile(STAND_IN, 'utf8')}`, { mode: 0o755 });
  return placed;
}

t.test('stand-in envoy refuses arguments that are not -c <bootstrap>', async (t) => {
  const run = spawnSync(process.execPath, [STAND_IN, '--config-path', '/nowhere.yaml'], {
    env: { ...process.env, STAND_IN_ENVOY_MODULES: join(REPO_ROOT, 'package.json') },
    encoding: 'utf8',
  });
  t.equal(run.status, 3);
  t.match(run.stdout, /stand-in envoy: FAIL arguments/);
});

t.test(
  'the image rehearsed: ENTRYPOINT + CMD as PID 1 and uid 101 fetch, write, render and start envoy -c <bootstrap>',
  {
    skip: !BUILT
      ? 'run npm run build first: the image copies dist/'
      : !IS_ROOT
        ? 'needs root for unshare and setpriv'
        : false,
  },
  async (t) => {
    const { final } = readDockerfile(REPO_ROOT, DOCKERFILE);
    t.equal(final.user, `${IMAGE_UID}:${IMAGE_UID}`, 'the rehearsal runs as the image user');
    const root = await mkdtemp(join(tmpdir(), 'pca-mtls-image-'));
    t.teardown(() => rm(root, { recursive: true, force: true }));
    await chmod(root, 0o755);
    const placed = await assemble(final, root);
    t.same(
      placed.sort(),
      [
        '/opt/pca-mtls/agent-core.cache',
        '/opt/pca-mtls/agent-core.cjs',
        '/opt/pca-mtls/agent-supervisor.cjs',
        '/opt/pca-mtls/agent.mjs',
        '/opt/pca-mtls/healthcheck.mjs',
        '/usr/local/bin/node',
      ].sort(),
    );

    const shm = await memoryDir(t, 'pca-mtls-image-shm-');
    await chmod(shm, 0o1777); // as /dev/shm in a container
    const imageOutDir = final.env.PCA_MTLS_OUT_DIR ?? '';
    const outDir = join(shm, basename(imageOutDir));
    const inImage = (arg: string) =>
      arg.startsWith(imageOutDir)
        ? outDir + arg.slice(imageOutDir.length)
        : arg.startsWith('/')
          ? join(root, arg)
          : arg;
    const world = await agentWorld(t);
    const [adminPort, healthPort] = [await freePort(), await freePort()];
    // A container's environment: the image's ENV and the task's settings, nothing of this test runner's.
    const env = {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      ...Object.fromEntries(Object.entries(world.env).filter(([name]) => name.startsWith('AWS_'))),
      ...final.env,
      PCA_MTLS_OUT_DIR: outDir,
      PCA_MTLS_HEALTH_PORT: String(healthPort),
      PCA_MTLS_ADMIN_PORT: String(adminPort),
      // What a task definition sets (compose.yaml's colorteller-envoy does the same).
      PCA_MTLS_SECRET_ID: 'pca-mtls/colorteller',
      PCA_MTLS_ROLE: 'server',
      PCA_MTLS_ALLOW_PEER_SAN: 'colorgateway.mesh.local',
      PCA_MTLS_DRAIN_TIMEOUT: '200ms',
      STAND_IN_ENVOY_MODULES: join(REPO_ROOT, 'package.json'),
    };
    // tap adds its process tracker to every child's NODE_OPTIONS; a container would not have it (and uid 101
    // could not write its records), so `env -u` drops it before the image's command line starts.
    const asImageUser = [
      '-u',
      'NODE_OPTIONS',
      '/usr/bin/setpriv',
      `--reuid=${IMAGE_UID}`,
      `--regid=${IMAGE_UID}`,
      '--clear-groups',
    ];
    const line = [...(final.entrypoint ?? []), ...(final.cmd ?? [])].map(inImage);
    const unshare = spawn('/usr/bin/unshare', ['--pid', '--fork', '/usr/bin/env', ...asImageUser, ...line], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    t.teardown(() => unshare.kill('SIGKILL'));
    let out = '';
    let err = '';
    unshare.stdout.on('data', (d) => (out += d));
    unshare.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => unshare.on('close', (code) => resolve(code)));
    // Generous bound that only proves "does not hang": the agent is up in well under a second here.
    for (let i = 0; i < 600 && !/stand-in envoy: (ok|FAIL)/.test(out) && unshare.exitCode === null; i++)
      await new Promise((r) => setTimeout(r, 50));
    t.notMatch(out, /FAIL/, 'the stand-in found nothing wrong');
    t.match(
      out,
      new RegExp(`stand-in envoy: ok uid=${IMAGE_UID} pid=\\d+ ppid=1 `),
      'envoy runs as uid 101, started by the agent as PID 1',
    );
    for (const file of ['cert-chain.pem', 'key.pem', 'trust-bundle.pem'])
      t.match(out, `${outDir}/current/${file}`, `envoy could open current/${file}`);

    const bootstrap = parse(await readFile(join(outDir, 'envoy.yaml'), 'utf8')) as unknown;
    t.same(
      await checkAgainstEnvoyProto('envoy.config.bootstrap.v3.Bootstrap', bootstrap),
      [],
      'a valid Envoy bootstrap',
    );
    for (const sds of ['tls-certificate.sds.yaml', 'trust-bundle.sds.yaml']) {
      const response = parse(await readFile(join(outDir, sds), 'utf8')) as unknown;
      t.same(
        await checkAgainstEnvoyProto('envoy.service.discovery.v3.DiscoveryResponse', response),
        [],
        `${sds} is valid`,
      );
    }

    const healthcheck = () =>
      spawnSync('/usr/bin/env', [...asImageUser, ...(final.healthcheck?.cmd ?? []).map(inImage)], {
        env,
        encoding: 'utf8',
      });
    const health = healthcheck();
    t.equal(health.status, 0, `the image's HEALTHCHECK passes: ${health.stdout}${health.stderr}`);
    t.match(health.stdout, /\/healthz 200/);

    const [agentPid] = (await readFile(`/proc/${unshare.pid}/task/${unshare.pid}/children`, 'utf8'))
      .trim()
      .split(/\s+/);
    process.kill(Number(agentPid), 'SIGTERM');
    t.equal(await exited, 0, "STOPSIGNAL SIGTERM: the agent drains, stops envoy and exits with envoy's status");
    const drain = out.indexOf('POST /drain_listeners?graceful');
    t.ok(drain >= 0 && drain < out.indexOf('stand-in envoy: got SIGTERM'), 'drained before SIGTERM');
    t.equal(healthcheck().status, 1, 'and fails once the agent is gone');
    t.notMatch(err, /PRIVATE KEY|passphrase"\s*:\s*"[^[]/, 'no key material in the logs');
  },
);
