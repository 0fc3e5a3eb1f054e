import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { bootstrap } from '../../envoy/agent/bootstrap.ts';
import { parseAgentConfig } from '../../envoy/agent/config.ts';
import { MTLS_PROBE_CLIENT, MTLS_PROBE_SERVER } from '../../envoy/agent/prove-mtls.ts';
import { exportIdentity } from '../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../lib/identity/export-request.ts';
import { normalizeSerial } from '../../lib/serial.ts';
import { pemBodyLines } from '../helpers/pki-fixtures.ts';
import {
  agentWorld,
  capturingLogger,
  GATEWAY,
  gatewayArgs,
  memoryDir,
  spawnAgent,
  spawnNode,
  TELLER,
} from './agent-fixtures.ts';

const ROTATIONS = 5;
const SECRET_ID = 'pca-mtls/rotating-teller';

t.test(
  `rotation under load: a TLS server reloading on the symlink swap serves continuously while the agent rotates ${ROTATIONS} times`,
  async (t) => {
    const world = await agentWorld(t);
    const { logger } = capturingLogger('silent');
    const exporter = { clients: world.clients, logger };
    const request = parseExportRequest({
      identity: 'rotatingteller',
      source: 'pca',
      caArn: world.caArn,
      domain: TELLER.domain,
      role: 'server',
      secretId: SECRET_ID,
    });
    const first = await exportIdentity(exporter, request);

    const gatewayDir = await memoryDir(t);
    await bootstrap(parseAgentConfig(gatewayArgs(gatewayDir), {}), {
      clients: world.agentClients(),
      logger,
      now: () => new Date(),
    });
    const tellerDir = await memoryDir(t);

    // The agent supervises the probe server as it would Envoy; the server's events come out on the agent's stdout.
    const agent = spawnAgent(t, world, [
      '--secret-id',
      SECRET_ID,
      '--role',
      'server',
      '--allow-peer-san',
      GATEWAY.domain,
      '--out-dir',
      tellerDir,
      '--watch-interval',
      '150ms',
      // The probe server has no admin port to drain: SIGTERM reaches it at once, not after the 5 s default.
      '--drain-timeout',
      '0s',
      '--',
      process.execPath,
      MTLS_PROBE_SERVER,
      '--dir',
      tellerDir,
      '--allow-peer-san',
      GATEWAY.domain,
    ]);
    const listening = JSON.parse((await agent.waitFor(/\{"event":"listening".*\}/))[0]);
    t.equal(listening.serial, normalizeSerial(first.serial), 'the server starts with the exported certificate');

    // Inside the gateway's out-dir (removed with it); the client reads only current/ there.
    const stopFile = join(gatewayDir, 'stop-client');
    t.teardown(() => writeFile(stopFile, '').catch(() => {}));
    const client = spawnNode(t, MTLS_PROBE_CLIENT, [
      '--dir',
      gatewayDir,
      '--port',
      String(listening.port),
      '--server-san',
      TELLER.domain,
      '--count',
      '0',
      '--until-file',
      stopFile,
    ]);

    const serials = [normalizeSerial(first.serial)];
    await client.waitFor(new RegExp(`"ok":true,"serverSerial":"${serials[0]}"`));
    for (let i = 1; i <= ROTATIONS; i++) {
      const next = await exportIdentity(exporter, request);
      const serial = normalizeSerial(next.serial);
      t.not(serial, serials.at(-1), `rotation ${i}: a new certificate in a new secret version`);
      serials.push(serial);
      await agent.waitFor(new RegExp(`"event":"reloaded","serial":"${serial}"`));
      await client.waitFor(new RegExp(`"ok":true,"serverSerial":"${serial}"`));
      t.pass(`rotation ${i}: the agent swapped, the server reloaded, and a client handshake saw serial ${serial}`);
    }
    await writeFile(stopFile, '');
    await client.exited;

    const results = client
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const failed = results.filter((r) => !r.ok);
    t.equal(failed.length, 0, `0 failed handshakes out of ${results.length}`);
    t.ok(results.length > ROTATIONS * 2, `handshakes kept flowing (${results.length})`);
    const seen = [...new Set(results.map((r) => r.serverSerial))];
    t.same(seen, serials, 'every serial was served, in rotation order');
    t.ok(
      results.every((r) => r.clientSerial && r.clientSans[0] === GATEWAY.domain),
      'every handshake was mutual',
    );

    const rotations = (agent.stderr().match(/"msg":"rotated: new material in place"/g) ?? []).length;
    t.equal(rotations, ROTATIONS, 'the agent logged each rotation');
    agent.child.kill('SIGTERM');
    t.equal((await agent.exited).code, 0, 'the server exits 0 on SIGTERM and the agent passes that on');

    // Everything the agent process printed at LOG_LEVEL=trace through six writes holds no secret.
    const output = agent.stdout() + agent.stderr();
    const keyLines = pemBodyLines(await readFile(join(tellerDir, 'current', 'key.pem'), 'utf8'));
    const secret = JSON.parse(
      (await world.clients.secrets.send(new GetSecretValueCommand({ SecretId: SECRET_ID }))).SecretString!,
    );
    t.notOk(
      keyLines.some((line) => output.includes(line)),
      'no decrypted key line in the agent output',
    );
    t.notOk(
      output.includes(secret.passphrase) || pemBodyLines(secret.privateKey).some((line) => output.includes(line)),
      'no passphrase or encrypted key line',
    );
    t.notMatch(output, /PRIVATE KEY|"schema":"pca-mtls\/v1"/);
  },
);
