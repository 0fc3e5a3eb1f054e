import { Agent, request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import t from 'tap';
import { createLogger } from '../../../lib/logger.ts';
import { pollUntil } from '../../../lib/poll-until.ts';
import { startColorTeller } from '../../../services/colorteller/server.ts';
import { mtlsGet } from '../../helpers/mtls-request.ts';
import { createDemoPki, createTlsOutDir, GATEWAY_DNS, TELLER_DNS } from '../../helpers/tls-out-dir.ts';

/** One GET through a keep-alive agent; reports the serial the server presented and whether the socket was reused. */
function keepAliveGet(url: string, agent: Agent): Promise<{ serial: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      const socket = res.socket as TLSSocket;
      const serial = (socket.getPeerX509Certificate()?.serialNumber ?? '').toLowerCase().replace(/^(00)+/, '');
      res.resume();
      res.on('end', () => resolve({ serial, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test(
  'a rotation closes idle keep-alive connections, so the next request handshakes with the new certificate',
  async (t) => {
    const pki = await createDemoPki();
    const tellerDir = await createTlsOutDir(t);
    const first = await pki.tellerLeaf();
    await tellerDir.install(pki.filesFor(first, pki.tellerIssuer));
    const teller = await startColorTeller({
      tlsDir: tellerDir.dir,
      port: 0,
      host: '127.0.0.1',
      allowedClientSans: [GATEWAY_DNS],
      tlsPollIntervalMs: 100,
      logger: createLogger({ name: 'test', level: 'silent' }),
    });
    t.teardown(() => teller.close());
    const gateway = await pki.gatewayLeaf();
    const client = {
      ca: pki.trustBundlePem,
      servername: TELLER_DNS,
      cert: pki.filesFor(gateway, pki.gatewayIssuer).certChainPem,
      key: gateway.privateKeyPem,
    };
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ...client });
    t.teardown(() => agent.destroy());

    const before = await keepAliveGet(`${teller.url}/color`, agent);
    t.equal(before.serial, first.serial);
    t.equal((await keepAliveGet(`${teller.url}/color`, agent)).reused, true, 'the connection is kept alive');

    const rotated = await pki.tellerLeaf();
    await tellerDir.install(pki.filesFor(rotated, pki.tellerIssuer));
    // A fresh connection tells when the teller has taken the new files.
    await pollUntil(
      async () => ((await mtlsGet(`${teller.url}/healthz`, client)).serverSerial === rotated.serial ? true : undefined),
      {
        what: 'the teller to serve the rotated certificate',
        timeoutMs: 20_000,
      },
    );
    const after = await keepAliveGet(`${teller.url}/color`, agent);
    t.equal(after.reused, false, 'the idle connection was closed by the rotation');
    t.equal(after.serial, rotated.serial, 'the same client now sees the new certificate');
  },
);
