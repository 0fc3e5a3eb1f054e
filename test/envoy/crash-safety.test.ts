import { createPrivateKey, X509Certificate } from 'node:crypto';
import { watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { exportIdentity } from '../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../lib/identity/export-request.ts';
import { normalizeSerial } from '../../lib/serial.ts';
import { agentWorld, capturingLogger, GATEWAY, memoryDir, spawnAgent, TELLER } from './agent-fixtures.ts';

const ROUNDS = 16;

// ROUNDS + 2 agent processes, one after the other, each a full start of dist/agent.mjs: on a loaded 2-core
// machine longer than the suite's 120 s per file. The bound only proves "does not hang".
t.setTimeout(360_000);
const SECRET_ID = 'pca-mtls/crash-teller';

/** What `current` holds: the certificate's serial, and whether the key is the certificate's. */
async function inspectCurrent(outDir: string) {
  const chain = await readFile(join(outDir, 'current', 'cert-chain.pem'), 'utf8');
  const key = await readFile(join(outDir, 'current', 'key.pem'), 'utf8');
  const trust = await readFile(join(outDir, 'current', 'trust-bundle.pem'), 'utf8');
  const leaf = new X509Certificate(chain);
  return {
    serial: normalizeSerial(leaf.serialNumber),
    keyMatches: leaf.checkPrivateKey(createPrivateKey(key)),
    trustNonEmpty: trust.includes('BEGIN CERTIFICATE'),
  };
}

t.test(
  `crash safety: SIGKILL at random points of ${ROUNDS} rotations; current always holds a certificate that matches its key`,
  async (t) => {
    const world = await agentWorld(t);
    const { logger } = capturingLogger('silent');
    const request = parseExportRequest({
      identity: 'crashteller',
      source: 'pca',
      caArn: world.caArn,
      domain: TELLER.domain,
      role: 'server',
      secretId: SECRET_ID,
    });
    const exported = [normalizeSerial((await exportIdentity({ clients: world.clients, logger }, request)).serial)];
    const outDir = await memoryDir(t);
    const args = [
      '--secret-id',
      SECRET_ID,
      '--role',
      'server',
      '--allow-peer-san',
      GATEWAY.domain,
      '--out-dir',
      outDir,
      '--once',
    ];

    const started = Date.now();
    t.equal((await spawnAgent(t, world, args).exited).code, 0, 'a first complete run');
    const fullRunMs = Date.now() - started;

    const outcomes = { old: 0, new: 0 };
    let inPlace = exported[0];
    for (let round = 1; round <= ROUNDS; round++) {
      exported.push(normalizeSerial((await exportIdentity({ clients: world.clients, logger }, request)).serial));
      const agent = spawnAgent(t, world, args);
      let watcher;
      if (round % 2 === 1) {
        // Kill inside the write: as soon as anything appears in the out-dir, after 0–3 ms.
        watcher = watch(outDir, () => setTimeout(() => agent.child.kill('SIGKILL'), Math.floor(Math.random() * 4)));
      } else {
        // Kill anywhere in the run.
        setTimeout(() => agent.child.kill('SIGKILL'), Math.floor(fullRunMs * (0.3 + Math.random() * 0.8)));
      }
      const exit = await agent.exited;
      watcher?.close();

      const current = await inspectCurrent(outDir);
      t.ok(
        current.keyMatches,
        `round ${round} (${exit.signal ?? `exit ${exit.code}`}): current's key matches its certificate`,
      );
      t.ok(current.trustNonEmpty, `round ${round}: current has its trust bundle`);
      t.ok(
        [inPlace, exported.at(-1)].includes(current.serial),
        `round ${round}: current is the set that was in place or the new one, never a mix`,
      );
      if (current.serial === exported.at(-1)) outcomes.new++;
      else outcomes.old++;
      inPlace = current.serial;
    }
    t.comment(`kills left the old set ${outcomes.old} times and the new set ${outcomes.new} times`);

    t.equal((await spawnAgent(t, world, args).exited).code, 0, 'a run after the crashes completes');
    t.equal((await inspectCurrent(outDir)).serial, exported.at(-1));
    t.same(
      (await readdir(outDir)).filter((e) => e.startsWith('.')),
      [],
      'and leaves no temporaries of the interrupted runs',
    );
  },
);
