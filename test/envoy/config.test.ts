import t from 'tap';
import { DEFAULT_OUT_DIR, envVarFor, parseAgentConfig, parseDuration } from '../../envoy/agent/config.ts';
import { AgentConfigError } from '../../envoy/agent/errors.ts';

const SERVER = [
  '--secret-id',
  'pca-mtls/colorteller',
  '--role',
  'server',
  '--allow-peer-san',
  'colorgateway.mesh.local',
];

t.test('defaults are named and applied; the result is frozen', async (t) => {
  const config = parseAgentConfig(SERVER, {});
  t.match(config, {
    secretId: 'pca-mtls/colorteller',
    trustSecretId: 'pca-mtls/trust',
    outDir: DEFAULT_OUT_DIR,
    role: 'server',
    allowPeerSans: ['colorgateway.mesh.local'],
    listenPort: 15000,
    appPort: 8080,
    egressPort: 15001,
    adminPort: 9901,
    healthPort: undefined,
    once: false,
    watchIntervalMs: 300_000,
    allowDisk: false,
    printConfig: false,
    command: [],
  });
  t.ok(Object.isFrozen(config) && Object.isFrozen(config.allowPeerSans) && Object.isFrozen(config.command));
});

t.test('every flag has a PCA_MTLS_ variable; flags win over variables', async (t) => {
  t.equal(envVarFor('allow-peer-san'), 'PCA_MTLS_ALLOW_PEER_SAN');
  const env = {
    PCA_MTLS_SECRET_ID: 'pca-mtls/colorgateway',
    PCA_MTLS_ROLE: 'both',
    PCA_MTLS_ALLOW_PEER_SAN: 'a.mesh.local, b.mesh.local',
    PCA_MTLS_SERVER_SAN: 'colorteller.mesh.local',
    PCA_MTLS_UPSTREAM: 'colorteller.mesh.local:15000',
    PCA_MTLS_LISTEN_PORT: '16000',
    PCA_MTLS_WATCH_INTERVAL: '2m',
    PCA_MTLS_ONCE: 'true',
    PCA_MTLS_ALLOW_DISK: '1',
    PCA_MTLS_UID: '101',
    PCA_MTLS_GID: '101',
    PCA_MTLS_OUT_DIR: '/dev/shm/x/',
  };
  const config = parseAgentConfig(['--listen-port', '17000'], env);
  t.match(config, {
    secretId: 'pca-mtls/colorgateway',
    role: 'both',
    allowPeerSans: ['a.mesh.local', 'b.mesh.local'],
    serverSan: 'colorteller.mesh.local',
    upstream: { host: 'colorteller.mesh.local', port: 15000 },
    listenPort: 17000,
    watchIntervalMs: 120_000,
    once: true,
    allowDisk: true,
    uid: 101,
    gid: 101,
    outDir: '/dev/shm/x',
  });
});

t.test('everything after -- is the command, untouched', async (t) => {
  const config = parseAgentConfig([...SERVER, '--', 'envoy', '-c', '/dev/shm/pca-mtls/envoy.yaml', '--once'], {});
  t.same(config.command, ['envoy', '-c', '/dev/shm/pca-mtls/envoy.yaml', '--once']);
  t.equal(config.once, false, "the command's own flags are not the agent's");
});

t.test('durations', async (t) => {
  t.equal(parseDuration('30s'), 30_000);
  t.equal(parseDuration('500ms'), 500);
  t.equal(parseDuration('1.5m'), 90_000);
  t.equal(parseDuration('1h'), 3_600_000);
  t.equal(parseDuration('30'), undefined, 'a unit is required');
});

t.test('errors name the flag, its variable and the valid range; all problems at once', async (t) => {
  const cases: [string[], RegExp][] = [
    [[], /--secret-id \(PCA_MTLS_SECRET_ID\) is required/],
    [
      [...SERVER, '--listen-port', '70000'],
      /--listen-port \(PCA_MTLS_LISTEN_PORT\) must be a port from 1 to 65535 \(default 15000\); got '70000'/,
    ],
    [
      [...SERVER, '--role', 'proxy'],
      /--role \(PCA_MTLS_ROLE\) must be one of client, server, both \(default both\); got 'proxy'/,
    ],
    [
      [...SERVER, '--watch-interval', '10'],
      /--watch-interval \(PCA_MTLS_WATCH_INTERVAL\) must be a duration from 100ms to 24h/,
    ],
    [[...SERVER, '--watch-interval', '2d'], /got '2d'/],
    [
      ['--secret-id', 'x', '--role', 'server'],
      /--allow-peer-san \(PCA_MTLS_ALLOW_PEER_SAN\) is required for role server/,
    ],
    [
      ['--secret-id', 'x', '--role', 'client'],
      /--server-san \(PCA_MTLS_SERVER_SAN\) is required for role client[\s\S]*--upstream \(PCA_MTLS_UPSTREAM\) is required for role client/,
    ],
    [
      ['--secret-id', 'x', '--role', 'client', '--server-san', 's.local', '--upstream', 'nohost'],
      /--upstream \(PCA_MTLS_UPSTREAM\) must be HOST:PORT/,
    ],
    [[...SERVER, '--admin-port', '15000'], /--admin-port \(PCA_MTLS_ADMIN_PORT\) must differ from --listen-port/],
    [[...SERVER, '--app-port', '15000'], /--app-port .* must differ from --listen-port/],
    [[...SERVER, '--out-dir', 'relative/dir'], /--out-dir \(PCA_MTLS_OUT_DIR\) must be an absolute directory path/],
    [[...SERVER, '--uid=-1'], /--uid \(PCA_MTLS_UID\) must be a user id/],
    [[...SERVER, '--allow-peer-san', 'not a name'], /--allow-peer-san .* must be DNS names/],
    [[...SERVER, '--server-san', 'x.local'], /--server-san .* applies to roles client and both only/],
    [[...SERVER, '--bogus'], /Unknown option '--bogus'/],
    [[...SERVER, 'stray'], /Unexpected argument 'stray'|positional/i],
    [[...SERVER, '--trust-secret-id', 'pca-mtls/colorteller'], /must differ from --secret-id/],
  ];
  for (const [argv, message] of cases) {
    t.throws(
      () => parseAgentConfig(argv, {}),
      { name: 'AgentConfigError', code: 'AGENT_CONFIG', message },
      argv.join(' '),
    );
  }
  try {
    parseAgentConfig(['--role', 'client', '--listen-port', 'x'], {});
    t.fail('should throw');
  } catch (err) {
    t.ok(err instanceof AgentConfigError);
    t.ok(
      (err as AgentConfigError).problems.length >= 4,
      'secret id, server san, upstream and port are all reported at once',
    );
  }
  t.throws(() => parseAgentConfig(SERVER, { PCA_MTLS_ONCE: 'maybe' }), {
    message: /--once \(PCA_MTLS_ONCE\) must be true or false; got 'maybe'/,
  });
});
