import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { run } from '../../envoy/agent/run-agent.ts';
import type { SpawnFunction } from '../../envoy/agent/supervise.ts';
import {
  bundlePem,
  createLeaf,
  createRootCa,
  createSubordinateCa,
  encryptKeyPem,
  pemBodyLines,
  TEST_PASSPHRASE,
  type FixtureCertificate,
} from '../helpers/pki-fixtures.ts';
import { agentWorld, capturingLogger, memoryDir, TELLER, tellerArgs, type AgentWorld } from './agent-fixtures.ts';

const DAY = 86_400_000;
const FIXTURE_TRUST = 'pca-mtls/fixture-trust';

/** An identity secret in the pca-mtls/v1 schema, built from fixture material. */
function v1Secret(
  leaf: FixtureCertificate,
  chainPem: string,
  options: { keyPem?: string; passphrase?: string } = {},
): Record<string, unknown> {
  return {
    schema: 'pca-mtls/v1',
    identity: 'colorteller',
    source: 'pca',
    caArn: 'arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/11111111-2222-3333-4444-555555555555',
    certificate: leaf.pem,
    certificateChain: chainPem,
    privateKey: options.keyPem ?? encryptKeyPem(leaf.privateKey),
    passphrase: options.passphrase ?? TEST_PASSPHRASE,
    serial: leaf.serial,
    notBefore: leaf.certificate.notBefore.toISOString(),
    notAfter: leaf.certificate.notAfter.toISOString(),
    keyAlgorithm: 'EC_prime256v1',
    exportedAt: new Date().toISOString(),
  };
}

/** Everything in the out-dir: names, the link target, and each file of the current version. */
async function snapshot(dir: string) {
  const target = await readlink(join(dir, 'current'));
  const files: Record<string, string> = {};
  for (const name of await readdir(join(dir, target))) files[name] = await readFile(join(dir, target, name), 'utf8');
  for (const name of ['envoy.yaml', 'tls-certificate.sds.yaml', 'trust-bundle.sds.yaml'])
    files[name] = await readFile(join(dir, name), 'utf8');
  return { entries: (await readdir(dir)).sort(), target, files };
}

async function runAgent(world: AgentWorld, args: string[], options: { maxAttempts?: number } = {}) {
  const { lines, logger } = capturingLogger('trace');
  const stderr: string[] = [];
  const stdout: string[] = [];
  const spawned: string[][] = [];
  const spawn: SpawnFunction = (command, commandArgs) => {
    spawned.push([command, ...commandArgs]);
    throw new Error('the command must not start');
  };
  const code = await run(args, {
    env: {},
    clients: world.agentClients({ maxAttempts: options.maxAttempts ?? 2 }),
    logger,
    stderr: (text) => stderr.push(text),
    stdout: (text) => stdout.push(text),
    spawn,
  });
  return { code, stderr: stderr.join(''), stdout: stdout.join(''), logs: lines.join(''), spawned };
}

t.test(
  'bad input matrix: non-zero exit, a clear message, previous files intact, command not started, no secret in any output',
  async (t: Test) => {
    const world = await agentWorld(t);
    const outDir = await memoryDir(t);
    const good = await runAgent(world, tellerArgs(outDir, ['--once']));
    t.equal(good.code, 0, good.stderr);
    const before = await snapshot(outDir);

    const root = await createRootCa({ commonName: 'Fixture Root' });
    const intermediate = await createSubordinateCa(root, { commonName: 'Fixture Issuing CA' });
    const chain = bundlePem(intermediate, root);
    const server = (options: Parameters<typeof createLeaf>[1] = {}) =>
      createLeaf(intermediate, { commonName: TELLER.domain, extendedKeyUsage: ['serverAuth'], ...options });
    const valid = await server();
    const other = await server();
    const now = Date.now();
    const expired = await server({ notBefore: new Date(now - 60 * DAY), notAfter: new Date(now - DAY) });
    const notYetValid = await server({ notBefore: new Date(now + 2 * DAY), notAfter: new Date(now + 30 * DAY) });
    const clientOnly = await server({ extendedKeyUsage: ['clientAuth'] });
    await world.clients.secrets.send(
      new CreateSecretCommand({
        Name: FIXTURE_TRUST,
        SecretString: JSON.stringify({
          schema: 'pca-mtls-trust/v1',
          cas: [{ arn: 'fixture', certificate: root.pem }],
          updatedAt: new Date().toISOString(),
        }),
      }),
    );
    const { passphrase: _dropped, ...withoutPassphrase } = v1Secret(valid, chain);
    const truncated = valid.pem.replace(/-----END CERTIFICATE-----\n$/, '');

    const cases: Array<{
      name: string;
      secret?: unknown;
      fault?: Record<string, unknown>;
      secretId?: string;
      code: string;
      message: RegExp;
    }> = [
      {
        name: 'missing field',
        secret: withoutPassphrase,
        code: 'SECRET_SCHEMA',
        message: /field 'passphrase' is missing/,
      },
      {
        name: 'corrupt PEM',
        secret: { ...v1Secret(valid, chain), certificate: truncated },
        code: 'PEM_MALFORMED',
        message: /has BEGIN but no END; the text is truncated/,
      },
      {
        name: 'wrong passphrase',
        secret: v1Secret(valid, chain, { keyPem: encryptKeyPem(valid.privateKey, 'another-passphrase-entirely!') }),
        code: 'KEY_DECRYPT_FAILED',
        message: /does not decrypt with the stored passphrase/,
      },
      {
        name: 'key not matching',
        secret: v1Secret(valid, chain, { keyPem: encryptKeyPem(other.privateKey) }),
        code: 'KEY_MISMATCH',
        message: /does not belong|does not match/,
      },
      { name: 'expired', secret: v1Secret(expired, chain), code: 'EXPIRED', message: /expired at/ },
      {
        name: 'not yet valid',
        secret: v1Secret(notYetValid, chain),
        code: 'NOT_YET_VALID',
        message: /not valid before/,
      },
      {
        name: 'broken chain',
        secret: v1Secret(valid, root.pem),
        code: 'CHAIN_INCOMPLETE',
        message: /chain is incomplete.*Fixture Issuing CA/,
      },
      {
        name: 'wrong EKU',
        secret: v1Secret(clientOnly, chain),
        code: 'EKU_MISSING',
        message: /lacks the serverAuth .* extended key usage that the server role needs/,
      },
      {
        name: 'secret not found',
        secretId: 'pca-mtls/nobody',
        code: 'SECRET_NOT_FOUND',
        message: /secret pca-mtls\/nobody \(--secret-id\) was not found/,
      },
      {
        name: 'access denied',
        fault: { service: 'secretsmanager', operation: '*', error: 'AccessDeniedException', rate: 1 },
        code: 'AWS_ACCESS_DENIED',
        message: /denied \(AccessDeniedException\); check the IAM permissions/,
      },
      {
        name: 'throttled past the retry budget',
        fault: { service: 'secretsmanager', operation: '*', error: 'ThrottlingException', rate: 1 },
        code: 'AWS_THROTTLED',
        message: /throttled by AWS after 2 attempts/,
      },
    ];

    const secrets: string[] = [
      TEST_PASSPHRASE,
      ...pemBodyLines(valid.privateKeyPem),
      ...pemBodyLines(encryptKeyPem(valid.privateKey)),
    ];
    for (const [i, c] of cases.entries()) {
      let secretId = c.secretId ?? TELLER.secretId;
      let trustArgs: string[] = [];
      if (c.secret !== undefined) {
        secretId = `pca-mtls/bad-${i}`;
        await world.clients.secrets.send(
          new CreateSecretCommand({ Name: secretId, SecretString: JSON.stringify(c.secret) }),
        );
        trustArgs = ['--trust-secret-id', FIXTURE_TRUST];
      }
      if (c.fault) await world.local.control('POST', 'faults', c.fault);
      const result = await runAgent(world, [
        ...tellerArgs(outDir, trustArgs).map((a) => (a === TELLER.secretId ? secretId : a)),
        '--',
        'envoy',
        '-c',
        'envoy.yaml',
      ]);
      if (c.fault) await world.local.control('DELETE', 'faults');

      t.comment(`${c.name}: ${result.stderr.trim()}`);
      t.equal(result.code, 1, `${c.name}: exit status 1`);
      t.match(result.stderr, new RegExp(`^pca-mtls agent: \\[${c.code}\\] `), `${c.name}: the error code is printed`);
      t.match(result.stderr, c.message, `${c.name}: the message says what is wrong`);
      t.same(result.spawned, [], `${c.name}: the command was not started`);
      t.same(await snapshot(outDir), before, `${c.name}: the previous files are intact`);
      const everything = result.stderr + result.stdout + result.logs;
      t.notOk(
        secrets.some((s) => everything.includes(s)),
        `${c.name}: no passphrase or key line in any output`,
      );
      t.notMatch(
        everything,
        /"schema":"pca-mtls\/v1"|PRIVATE KEY-----/,
        `${c.name}: no secret JSON or key in any output`,
      );
    }
  },
);

t.test('the App Mesh sample format is accepted (base64 passphrase as that sample exported it)', async (t) => {
  const world = await agentWorld(t);
  const outDir = await memoryDir(t);
  const root = await createRootCa();
  const intermediate = await createSubordinateCa(root);
  const leaf = await createLeaf(intermediate, { commonName: TELLER.domain, extendedKeyUsage: ['serverAuth'] });
  const passphrase = 'sample-passphrase-1234';
  await world.clients.secrets.send(
    new CreateSecretCommand({
      Name: 'appmesh/legacy',
      SecretString: JSON.stringify({
        GatewayCertificate: leaf.pem,
        GatewayCertificateChain: bundlePem(intermediate, root),
        GatewayPrivateKey: encryptKeyPem(leaf.privateKey, Buffer.from(passphrase).toString('base64')),
        Passphrase: passphrase,
      }),
    }),
  );
  await world.clients.secrets.send(
    new CreateSecretCommand({
      Name: FIXTURE_TRUST,
      SecretString: JSON.stringify({
        schema: 'pca-mtls-trust/v1',
        cas: [{ arn: 'fixture', certificate: root.pem }],
        updatedAt: new Date().toISOString(),
      }),
    }),
  );
  const result = await runAgent(world, [
    '--secret-id',
    'appmesh/legacy',
    '--trust-secret-id',
    FIXTURE_TRUST,
    '--role',
    'server',
    '--allow-peer-san',
    'colorgateway.mesh.local',
    '--out-dir',
    outDir,
    '--once',
  ]);
  t.equal(result.code, 0, result.stderr);
  const written = await readFile(join(outDir, 'current', 'cert-chain.pem'), 'utf8');
  t.equal(
    written,
    leaf.pem + intermediate.pem,
    'cert-chain.pem is the leaf then the issuing CA; the root (a trust anchor) is left out',
  );
  t.notOk(
    result.logs.includes(passphrase) || result.logs.includes(Buffer.from(passphrase).toString('base64')),
    'neither passphrase candidate is logged',
  );
});

t.test('an empty trust bundle is refused', async (t) => {
  const world = await agentWorld(t);
  const outDir = await memoryDir(t);
  await world.clients.secrets.send(
    new CreateSecretCommand({
      Name: 'pca-mtls/empty-trust',
      SecretString: JSON.stringify({ schema: 'pca-mtls-trust/v1', cas: [], updatedAt: new Date().toISOString() }),
    }),
  );
  const result = await runAgent(world, tellerArgs(outDir, ['--trust-secret-id', 'pca-mtls/empty-trust', '--once']));
  t.equal(result.code, 1);
  t.match(
    result.stderr,
    /\[TRUST_EMPTY\] secret pca-mtls\/empty-trust \(--trust-secret-id\): the trust bundle holds no CA certificate/,
  );
  t.same(await readdir(outDir), [], 'nothing written');
});
