/**
 * Per-write cost of aws-local's persistent state at N = 100, 1,000 and
 * 10,000 secrets of an identity's size (~3 KB). The state grows in place
 * between levels; at each level WRITES PutSecretValue calls on random
 * secrets are timed one at a time (the emulator serializes operations), and
 * the same calls against an in-memory aws-local give the floor (HTTP, SDK
 * and the operation itself, no persistence). Printed: median and mean per
 * write, the persistence overhead over the floor, and last/first.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startAwsLocal, type RunningAwsLocal } from '../../services/aws-local/server.ts';

const LEVELS = [100, 1_000, 10_000];
const WRITES = Number(process.env.BENCH_WRITES ?? 300);
const CREATE_CONCURRENCY = 8;
const SECRET_BYTES = 3_000;

const value = () => JSON.stringify({ schema: 'pca-mtls/v1', blob: randomBytes(SECRET_BYTES / 2).toString('hex') });

function client(local: RunningAwsLocal): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint: local.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
}

async function grow(sm: SecretsManagerClient, from: number, to: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      await sm.send(new CreateSecretCommand({ Name: `pca-mtls/identity-${i}`, SecretString: value() }));
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
}

async function timeWrites(sm: SecretsManagerClient, n: number): Promise<{ median: number; mean: number }> {
  const samples: number[] = [];
  for (let w = 0; w < WRITES; w++) {
    const id = `pca-mtls/identity-${Math.floor(Math.random() * n)}`;
    const started = performance.now();
    await sm.send(new PutSecretValueCommand({ SecretId: id, SecretString: value() }));
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)] ?? 0;
  return { median, mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

async function run(stateDir: string | undefined): Promise<{ n: number; median: number; mean: number }[]> {
  const local = await startAwsLocal({ port: 0, stateDir, tickIntervalMs: 0 });
  const sm = client(local);
  const results = [];
  try {
    let have = 0;
    for (const n of LEVELS) {
      await grow(sm, have, n);
      have = n;
      results.push({ n, ...(await timeWrites(sm, n)) });
    }
  } finally {
    sm.destroy();
    await local.close();
  }
  return results;
}

const ms = (x: number) => `${x.toFixed(2)} ms`;
const dir = await mkdtemp(join(tmpdir(), 'bench-aws-local-state-'));
try {
  console.log(
    `aws-local state: ${WRITES} PutSecretValue per level, ${SECRET_BYTES}-byte secrets; ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const floor = await run(undefined);
  const persistent = await run(dir);
  console.log('N        persistent median  mean        in-memory median (floor)  overhead');
  persistent.forEach((p, i) => {
    const f = floor.at(i) ?? p;
    console.log(
      `${String(p.n).padEnd(8)} ${ms(p.median).padEnd(18)} ${ms(p.mean).padEnd(11)} ${ms(f.median).padEnd(25)} ${(p.median / f.median).toFixed(2)}x`,
    );
  });
  const [first, last] = [persistent.at(0), persistent.at(-1)];
  const [floorFirst, floorLast] = [floor.at(0), floor.at(-1)];
  if (!first || !last || !floorFirst || !floorLast) throw new Error('no measurements');
  console.log(
    `per-write cost ratio N=${last.n} / N=${first.n}: median ${(last.median / first.median).toFixed(2)}, mean ${(last.mean / first.mean).toFixed(2)} (target ~1)`,
  );
  console.log(`in-memory floor ratio N=${last.n} / N=${first.n}: ${(floorLast.median / floorFirst.median).toFixed(2)}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
