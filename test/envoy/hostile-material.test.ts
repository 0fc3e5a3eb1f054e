import { GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import * as asn1js from 'asn1js';
import t from 'tap';
import { bundlePem, createLeaf, createRootCa, encryptKeyPem, type FixtureCa } from '../helpers/pki-fixtures.ts';
import { agentWorld, memoryDir, spawnAgent, TELLER, tellerArgs } from './agent-fixtures.ts';

/** A "does not hang" bound for one /healthz answer on a loaded machine; the unbounded chain search blocked for minutes. */
const ANSWER_WITHIN_MS = 5000;

/** The encrypted PKCS#8 key with another PBKDF2 iteration count (built with asn1js, independent of lib/pki). */
function withIterations(pem: string, count: number): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const epki = asn1js.fromBER(der).result as asn1js.Sequence;
  const pbes2 = (epki.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[1] as asn1js.Sequence;
  const params = (pbes2.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[1] as asn1js.Sequence;
  params.valueBlock.value[1] = new asn1js.Integer({ value: count });
  const body = Buffer.from(epki.toBER(false))
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${body}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
}

t.test(
  'watch mode: while hostile versions are refused, /healthz answers, the old files stay, and SIGTERM ends the agent',
  async (t) => {
    const world = await agentWorld(t);
    const outDir = await memoryDir(t);
    const agent = spawnAgent(
      t,
      world,
      tellerArgs(outDir, ['--health-port', '0', '--health-host', '127.0.0.1', '--watch-interval', '200ms']),
    );
    const port = Number((await agent.waitFor(/"healthPort":(\d+)/, 60_000))[1]);
    const health = async () => {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
      const body = (await response.json()) as { serial?: string; lastFailure?: { code: string } };
      return { status: response.status, body, ms: performance.now() - started };
    };
    const before = await health();
    t.equal(before.status, 200);

    const current = JSON.parse(
      (await world.clients.secrets.send(new GetSecretValueCommand({ SecretId: TELLER.secretId }))).SecretString!,
    ) as Record<string, string> & { privateKey: string; passphrase: string };
    const put = (secret: Record<string, string>) =>
      world.clients.secrets.send(
        new PutSecretValueCommand({ SecretId: TELLER.secretId, SecretString: JSON.stringify(secret) }),
      );
    const until = async (code: string) => {
      for (;;) {
        const h = await health();
        t.ok(h.ms < ANSWER_WITHIN_MS, `healthz answered in ${Math.round(h.ms)} ms`);
        if (h.body.lastFailure?.code === code) return h;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    // Twelve re-issues of one CA (same name, same key) behind a leaf with a matching key.
    const first = await createRootCa({ commonName: 'Hostile Loop CA' });
    const pool: FixtureCa[] = [first];
    for (let i = 1; i < 12; i++) pool.push(await createRootCa({ commonName: 'Hostile Loop CA', keys: first.keys }));
    const leaf = await createLeaf(first, { dnsNames: [TELLER.domain], commonName: TELLER.domain });
    await put({
      ...current,
      certificate: leaf.pem,
      certificateChain: bundlePem(...pool),
      privateKey: encryptKeyPem(leaf.privateKey, current.passphrase),
      serial: leaf.serial,
      notBefore: leaf.certificate.notBefore.toISOString(),
      notAfter: leaf.certificate.notAfter.toISOString(),
    });
    const chainRefused = await until('CHAIN_UNTRUSTED');
    t.equal(chainRefused.body.serial, before.body.serial, 'the previous material stays in place');

    await put({ ...current, privateKey: withIterations(current.privateKey, 2 ** 31 - 1) });
    const keyRefused = await until('KEY_UNSUPPORTED');
    t.equal(keyRefused.body.serial, before.body.serial);

    const stopping = performance.now();
    agent.child.kill('SIGTERM');
    const exit = await agent.exited;
    t.equal(exit.code, 0, 'SIGTERM ends the agent cleanly');
    t.ok(performance.now() - stopping < ANSWER_WITHIN_MS, 'promptly (a "does not hang" bound)');
  },
);
