/**
 * The rotation promise under load: with every CPU busy, the gateway keeps
 * calling the teller over kept-alive mTLS connections while the teller
 * rotates its certificate several times and closes its idle connections on
 * each rotation — the moment a reused connection can be reset under a request
 * already written to it. Zero failed requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import t, { type Test } from 'tap';
import { createLogger } from '../../../lib/logger.ts';
import { pollUntil } from '../../../lib/poll-until.ts';
import { startColorGateway } from '../../../services/colorgateway/server.ts';
import { startColorTeller } from '../../../services/colorteller/server.ts';
import { mtlsGet } from '../../helpers/mtls-request.ts';
import { createDemoPki, createTlsOutDir, GATEWAY_DNS, TELLER_DNS } from '../../helpers/tls-out-dir.ts';

const ROTATIONS = 10;
/** Busy-loop workers stop on their own after this long, whatever happens to the test (bounded load). */
const BUSY_FOR_MS = 60_000;
const logger = createLogger({ name: 'test', level: 'silent' });

/** One busy-loop process per CPU, ended at teardown (and by themselves after BUSY_FOR_MS). */
function saturateCpus(t: Test): void {
  const workers: ChildProcess[] = [];
  for (let i = 0; i < availableParallelism(); i++) {
    workers.push(
      spawn(process.execPath, ['-e', `const end = Date.now() + ${BUSY_FOR_MS}; while (Date.now() < end);`], {
        stdio: 'ignore',
      }),
    );
  }
  t.teardown(() => workers.forEach((worker) => worker.kill('SIGKILL')));
}

t.test(`${ROTATIONS} teller rotations with every CPU busy: zero failed gateway → teller requests`, async (t) => {
  const pki = await createDemoPki();
  const tellerDir = await createTlsOutDir(t);
  await tellerDir.install(pki.filesFor(await pki.tellerLeaf(), pki.tellerIssuer));
  const teller = await startColorTeller({
    mode: 'direct',
    tlsDir: tellerDir.dir,
    host: '127.0.0.1',
    port: 0,
    allowedClientSans: [GATEWAY_DNS],
    tlsPollIntervalMs: 100,
    logger,
  });
  t.teardown(() => teller.close());
  const gatewayDir = await createTlsOutDir(t);
  const gatewayLeaf = await pki.gatewayLeaf();
  await gatewayDir.install(pki.filesFor(gatewayLeaf, pki.gatewayIssuer));
  const gateway = await startColorGateway({
    mode: 'direct',
    tlsDir: gatewayDir.dir,
    host: '127.0.0.1',
    port: 0,
    tellerUrl: teller.url,
    tellerSan: TELLER_DNS,
    logger,
  });
  t.teardown(() => gateway.close());
  const client = {
    ca: pki.trustBundlePem,
    servername: TELLER_DNS,
    cert: pki.filesFor(gatewayLeaf, pki.gatewayIssuer).certChainPem,
    key: gatewayLeaf.privateKeyPem,
  };

  saturateCpus(t);
  const results: Array<{ status: number; body: string }> = [];
  let running = true;
  const traffic = async () => {
    while (running) {
      const res = await fetch(`${gateway.url}/color`);
      results.push({ status: res.status, body: await res.text() });
      // Short, uneven pauses: connections sit idle in the pool at the moments rotations close them.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
    }
  };
  const flows = [traffic(), traffic(), traffic(), traffic()];
  for (let i = 1; i <= ROTATIONS; i++) {
    const leaf = await pki.tellerLeaf();
    await tellerDir.install(pki.filesFor(leaf, pki.tellerIssuer));
    await pollUntil(
      async () => ((await mtlsGet(`${teller.url}/healthz`, client)).serverSerial === leaf.serial ? true : undefined),
      { what: `the teller to serve rotation ${i}`, timeoutMs: 30_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  running = false;
  await Promise.all(flows);
  const failed = results.filter((r) => r.status !== 200);
  t.ok(results.length > ROTATIONS * 5, `${results.length} requests while rotating`);
  t.same(
    failed.slice(0, 5).map((r) => r.body.slice(0, 200)),
    [],
    `${failed.length} of ${results.length} requests failed`,
  );
});
