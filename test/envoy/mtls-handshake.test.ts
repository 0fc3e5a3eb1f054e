import { spawn } from 'node:child_process';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { bootstrap, runAgentOnce } from '../../envoy/agent/bootstrap.ts';
import { parseAgentConfig } from '../../envoy/agent/config.ts';
import { proveMutualTls } from '../../envoy/agent/prove-mtls.ts';
import { writeMaterialVersion } from '../../envoy/agent/write-material.ts';
import { OPENSSL } from '../helpers/openssl.ts';
import { createIdentity } from '../helpers/pki-fixtures.ts';
import {
  agentWorld,
  capturingLogger,
  GATEWAY,
  memoryDir,
  TELLER,
  tellerArgs,
  type AgentWorld,
} from './agent-fixtures.ts';

async function bootstrapBoth(t: Test, world: AgentWorld) {
  const { logger } = capturingLogger('silent');
  const deps = { clients: world.agentClients(), logger, now: () => new Date() };
  const tellerDir = await memoryDir(t);
  const gatewayDir = await memoryDir(t);
  const teller = await bootstrap(parseAgentConfig(tellerArgs(tellerDir), {}), deps);
  // The object form the walkthrough uses: same schema, same result.
  const gateway = await runAgentOnce(
    {
      secretId: GATEWAY.secretId,
      role: 'client',
      serverSan: TELLER.domain,
      upstream: `${TELLER.domain}:15000`,
      outDir: gatewayDir,
    },
    deps,
  );
  return { tellerDir, gatewayDir, teller, gateway };
}

t.test('gateway (client) → teller (server): both certificates verified, in separate processes', async (t) => {
  const world = await agentWorld(t);
  const { tellerDir, gatewayDir, teller, gateway } = await bootstrapBoth(t, world);
  t.equal(teller.serial, world.teller.serial, 'the teller agent wrote the exported certificate');
  t.equal(gateway.serial, world.gateway.serial, 'the gateway agent wrote the exported certificate');

  const proof = await proveMutualTls({
    serverDir: tellerDir,
    allowPeerSans: [GATEWAY.domain],
    clientDir: gatewayDir,
    serverSan: TELLER.domain,
  });
  t.equal(proof.ok, true, proof.error ?? 'handshake succeeded');
  t.same(
    proof.clientAuthenticatedServer,
    { san: TELLER.domain, serial: teller.serial },
    'the gateway verified the teller: chain to the trust bundle, SAN colorteller',
  );
  t.same(
    proof.serverAuthenticatedClient,
    { sans: [GATEWAY.domain], serial: gateway.serial },
    'the teller verified the gateway: chain to the trust bundle, SAN allowed',
  );
});

t.test(
  'refusals: no client certificate, a client from an untrusted CA, a client SAN that is not allowed',
  async (t) => {
    const world = await agentWorld(t);
    const { tellerDir, gatewayDir } = await bootstrapBoth(t, world);

    const noCert = await proveMutualTls({
      serverDir: tellerDir,
      allowPeerSans: [GATEWAY.domain],
      clientDir: gatewayDir,
      serverSan: TELLER.domain,
      withoutClientCertificate: true,
    });
    t.equal(noCert.ok, false, 'no client certificate: refused');
    t.match(
      noCert.serverRejection,
      /CERT|certificate/i,
      `the server refused in the handshake (${noCert.serverRejection})`,
    );

    // A well-formed identity with the right SAN, from a CA the teller's trust bundle does not hold.
    const rogue = await createIdentity({ role: 'client', commonName: GATEWAY.domain });
    const rogueDir = await memoryDir(t);
    await writeMaterialVersion(
      {
        certChainPem: rogue.leaf.pem + rogue.intermediate.pem,
        keyPem: rogue.leaf.privateKeyPem,
        trustBundlePem: world.caCertificatePem,
      },
      { outDir: rogueDir, label: rogue.leaf.serial },
    );
    const untrusted = await proveMutualTls({
      serverDir: tellerDir,
      allowPeerSans: [GATEWAY.domain],
      clientDir: rogueDir,
      serverSan: TELLER.domain,
    });
    t.equal(untrusted.ok, false, 'untrusted CA: refused');
    // Node's server (rejectUnauthorized) drops the connection in the handshake; its reason reads ECONNRESET, not the verify code.
    t.ok(untrusted.serverRejection, `the server refused in the handshake (${untrusted.serverRejection})`);
    t.not(untrusted.serverRejection, 'peer SAN not allowed', 'refused for the chain, before any SAN check');

    const wrongSan = await proveMutualTls({
      serverDir: tellerDir,
      allowPeerSans: ['someone-else.mesh.local'],
      clientDir: gatewayDir,
      serverSan: TELLER.domain,
    });
    t.equal(wrongSan.ok, false, 'client SAN not allowed: refused');
    t.equal(wrongSan.serverRejection, 'peer SAN not allowed');

    const wrongServer = await proveMutualTls({
      serverDir: tellerDir,
      allowPeerSans: [GATEWAY.domain],
      clientDir: gatewayDir,
      serverSan: 'colorblue.mesh.local',
    });
    t.equal(wrongServer.ok, false, 'the client refuses a server whose SAN is not the expected one');
    t.match(wrongServer.error, /ERR_TLS_CERT_ALTNAME_INVALID/);
  },
);

/** Runs openssl with a timeout, feeding `input`; resolves with its output. */
function runOpenssl(args: string[], input: string, cwd: string) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(OPENSSL, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
    child.stdin.end(input);
  });
}

t.test(
  'openssl s_server -Verify 1 -verify_return_error and openssl s_client accept the agent files, and refuse without a client certificate',
  async (t) => {
    const world = await agentWorld(t);
    const { tellerDir, gatewayDir } = await bootstrapBoth(t, world);
    const teller = (name: string) => join(tellerDir, 'current', name);
    const gateway = (name: string) => join(gatewayDir, 'current', name);

    const startServer = async () => {
      const server = spawn(
        OPENSSL,
        [
          's_server',
          '-accept',
          '127.0.0.1:0',
          '-naccept',
          '1',
          '-cert',
          teller('cert-chain.pem'),
          '-cert_chain',
          teller('cert-chain.pem'),
          '-key',
          teller('key.pem'),
          '-CAfile',
          teller('trust-bundle.pem'),
          '-Verify',
          '1',
          '-verify_return_error',
          '-www',
        ],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      t.teardown(() => server.kill('SIGKILL'));
      let out = '';
      server.stdout.on('data', (d) => (out += d));
      server.stderr.on('data', (d) => (out += d));
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /ACCEPT\s+.*:(\d+)/.exec(out) ?? /ACCEPT/.exec(out);
          if (m && m[1]) {
            clearInterval(timer);
            resolve(Number(m[1]));
          }
          if (server.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(out));
          }
        }, 20);
      });
      return { server, port, output: () => out };
    };

    const ok = await startServer();
    const client = await runOpenssl(
      [
        's_client',
        '-connect',
        `127.0.0.1:${ok.port}`,
        '-servername',
        TELLER.domain,
        '-verify_hostname',
        TELLER.domain,
        '-verify_return_error',
        '-CAfile',
        gateway('trust-bundle.pem'),
        '-cert',
        gateway('cert-chain.pem'),
        '-cert_chain',
        gateway('cert-chain.pem'),
        '-key',
        gateway('key.pem'),
        '-ign_eof',
      ],
      'GET / HTTP/1.0\r\n\r\n',
      gatewayDir,
    );
    t.match(
      client.out,
      /Verify return code: 0 \(ok\)/,
      's_client verified the teller against the trust bundle and its SAN',
    );
    t.match(
      client.out,
      /HTTP\/1\.0 200 ok/i,
      's_server (-Verify 1 -verify_return_error) accepted the gateway certificate and answered',
    );
    // s_server -www reports the peer's certificate on its page ("Client certificate" + PEM) or "no client certificate available".
    t.match(client.out, /Client certificate/, 's_server received the gateway client certificate');
    t.notMatch(client.out, /no client certificate available/);

    const refused = await startServer();
    const noCert = await runOpenssl(
      [
        's_client',
        '-connect',
        `127.0.0.1:${refused.port}`,
        '-servername',
        TELLER.domain,
        '-verify_return_error',
        '-CAfile',
        gateway('trust-bundle.pem'),
        '-ign_eof',
      ],
      'GET / HTTP/1.0\r\n\r\n',
      gatewayDir,
    );
    t.notMatch(noCert.out, /HTTP\/1\.0 200 ok/i, 'no page without a client certificate');
    const refusal = /peer did not return a certificate|certificate required|no certificate/i;
    for (let i = 0; i < 200 && !refusal.test(refused.output()); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    t.match(refused.output(), refusal, 's_server refused the connection without a client certificate');
  },
);
