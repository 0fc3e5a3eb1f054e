/**
 * The renewal benchmark's scenario (bench/renewal.mjs starts it). Per run:
 * a fresh `pca-mtls local` process (the project's Lambdas and rules
 * installed, as users run it), 50 ACM identities exported in `redeploy`
 * mode, each bound to its own ECS service; then one clock advance to ACM's
 * renewal point and the time until every secret holds ACM's new serial and
 * every service has a new deployment. If deliveries give up (retries
 * exhausted under the quota), the hourly sweep is what finishes the work:
 * the clock moves an hour at a time, as it would in AWS, and the count of
 * sweeps needed is reported.
 */
import { DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { DisableRuleCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAwsClients, type AwsClients } from '../../lib/aws/clients.js';
import { AwsCallError } from '../../lib/aws/aws-call-error.js';
import { exportIdentity } from '../../lib/identity/export-identity.js';
import { parseExportRequest } from '../../lib/identity/export-request.js';
import { createLogger } from '../../lib/logger.js';
import { createRootCa } from '../../lib/private-ca/create-root-ca.js';
import { mapWithConcurrency } from '../../lib/renewal/bounded-concurrency.js';
import { normalizeSerial } from '../../lib/serial.js';

const IDENTITIES = Number(process.env.BENCH_IDENTITIES ?? 50);
const EXPORT_QUOTA_RPS = 5;
const DAY_MS = 86_400_000;
const MAX_SWEEPS = 6;
/** Per renewal of a redeploy identity bound to one service: ListSecrets, DescribeCertificate, ExportCertificate, PutSecretValue, TagResource (the sweep's facts), UpdateService. */
const MINIMUM_CALLS_PER_RENEWAL = 6;
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const silent = createLogger({ name: 'bench', level: 'silent' });

interface RunResult {
  label: string;
  seconds: number;
  sweepsNeeded: number;
  deadLetters: number;
  calls: { total: number; ok: number; throttled: number; byOperation: Record<string, number> };
  renewed: number;
  rolled: number;
}

async function startLocal(stateDir: string, quota: string[]) {
  const args = [
    '--import',
    'tsx',
    'cli/bin.ts',
    'local',
    '--port',
    '0',
    '--state-dir',
    stateDir,
    '--timing',
    'acm.issue=50ms',
    '--timing',
    'acm.renew=50ms',
    '--timing',
    'ecs.rollout=1s',
    '--log-level',
    'silent',
    ...quota,
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const [, url] = /aws-local listening on (http:\/\/\S+)/.exec(out) ?? [];
      if (url !== undefined) resolve(url);
    });
    child.on('exit', (code) => reject(new Error(`pca-mtls local exited (${code}): ${stderr}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function control(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${url}/_aws-local/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

/** Setup retries on throttling itself: it is not what is measured. */
async function patiently<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (
        !(err instanceof AwsCallError && err.code === 'AWS_THROTTLED') &&
        (err as Error).name !== 'ThrottlingException'
      )
        throw err;
      if (attempt > 50) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    }
  }
}

async function setUp(clients: AwsClients) {
  const ca = await createRootCa(clients.pca, { commonName: 'Bench Root' });
  await clients.ecs.send(new CreateClusterCommand({ clusterName: 'bench' }));
  await clients.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'app',
      containerDefinitions: [{ name: 'app', image: 'app:1', memory: 128 }],
    }),
  );
  const names = Array.from({ length: IDENTITIES }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  for (const name of names)
    await clients.ecs.send(
      new CreateServiceCommand({ cluster: 'bench', serviceName: name, taskDefinition: 'app', desiredCount: 1 }),
    );
  const exported = await mapWithConcurrency(names, EXPORT_QUOTA_RPS, (name) =>
    patiently(() =>
      exportIdentity(
        { clients, logger: silent },
        parseExportRequest({
          identity: name,
          caArn: ca.caArn,
          domain: `${name}.bench.local`,
          role: 'both',
          ecsServices: [`bench/${name}`],
          rotation: 'redeploy',
        }),
      ),
    ),
  );
  return exported.map((e) => ({
    name: e.identity,
    certificateArn: e.certificateArn!,
    serial: e.serial,
    notAfter: Date.parse(e.notAfter),
  }));
}

async function progress(clients: AwsClients, identities: Awaited<ReturnType<typeof setUp>>, since: number) {
  let renewed = 0;
  let rolled = 0;
  for (const identity of identities) {
    const acm = normalizeSerial(
      (await clients.acm.send(new DescribeCertificateCommand({ CertificateArn: identity.certificateArn }))).Certificate!
        .Serial!,
    );
    const stored = JSON.parse(
      (await clients.secrets.send(new GetSecretValueCommand({ SecretId: `pca-mtls/${identity.name}` }))).SecretString!,
    ).serial;
    if (acm !== identity.serial && stored === acm) renewed++;
    const { services = [] } = await clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'bench', services: [identity.name] }),
    );
    const [service] = services;
    if (!service) throw new Error(`DescribeServices returned no service ${identity.name}`);
    const primary = service.deployments!.find((d) => d.status === 'PRIMARY')!;
    if (primary.createdAt!.getTime() >= since) rolled++;
  }
  return { renewed, rolled };
}

async function run(label: string, quota: string[], options: { sweep: boolean }): Promise<RunResult> {
  const stateDir = await mkdtemp(join(tmpdir(), 'pca-mtls-bench-renewal-'));
  const local = await startLocal(stateDir, quota);
  try {
    const clients = createAwsClients({
      endpoint: local.url,
      region: 'us-east-1',
      credentials,
      retryMode: 'adaptive',
      maxAttempts: 10,
    });
    const identities = await setUp(clients);
    if (!options.sweep) await clients.events.send(new DisableRuleCommand({ Name: 'pca-mtls-reconcile-sweep' }));
    const renewalPoint = Math.max(...identities.map((i) => i.notAfter)) - 60 * DAY_MS + 5_000;
    const before = (await control(local.url, 'GET', 'requests')).requests.length;
    const eventsBefore = (await control(local.url, 'GET', 'events')).events.length;

    const started = performance.now();
    await control(local.url, 'POST', 'clock', { now: new Date(renewalPoint).toISOString() });
    await control(local.url, 'POST', 'settle', { timeoutMs: 300_000 });
    let elapsed = performance.now() - started;
    const calls = (await control(local.url, 'GET', 'requests')).requests.slice(before);
    let state = await progress(clients, identities, renewalPoint);
    let sweepsNeeded = 0;
    // Work the event deliveries gave up on is the sweep's: an hour later in AWS, at once here (clock moved by an hour).
    while ((state.renewed < IDENTITIES || state.rolled < IDENTITIES) && sweepsNeeded < MAX_SWEEPS) {
      sweepsNeeded++;
      const again = performance.now();
      await control(local.url, 'POST', 'clock', { advanceSeconds: 3_600 });
      await control(local.url, 'POST', 'settle', { timeoutMs: 300_000 });
      elapsed += performance.now() - again;
      state = await progress(clients, identities, renewalPoint);
    }
    const events = (await control(local.url, 'GET', 'events')).events.slice(eventsBefore);
    const deadLetters = events.flatMap((e: any) => e.deliveries).filter((d: any) => d.status === 'DEAD_LETTER').length;
    const byOperation: Record<string, number> = {};
    for (const call of calls) byOperation[call.operation] = (byOperation[call.operation] ?? 0) + 1;
    return {
      label,
      seconds: elapsed / 1000,
      sweepsNeeded,
      deadLetters,
      calls: {
        total: calls.length,
        ok: calls.filter((c: any) => c.status === 200).length,
        throttled: calls.filter((c: any) => c.errorType === 'ThrottlingException').length,
        byOperation,
      },
      renewed: state.renewed,
      rolled: state.rolled,
    };
  } finally {
    await local.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

// `pca-mtls local` applies AWS's default quotas unless --no-quotas: this bench isolates the export quota.
const QUOTA = ['--no-quotas', '--quota', `acm:ExportCertificate=${EXPORT_QUOTA_RPS}`];
const baseline = await run('no quota (baseline), rules as installed', ['--no-quotas'], { sweep: true });
const limited = await run(`ExportCertificate quota ${EXPORT_QUOTA_RPS}/s, rules as installed`, QUOTA, { sweep: true });
// The clock jump also crosses an hourly sweep, which reads every identity beside the events; without it the
// calls are the event path's alone.
const eventsOnly = await run(
  `ExportCertificate quota ${EXPORT_QUOTA_RPS}/s, events only (sweep rule disabled)`,
  QUOTA,
  { sweep: false },
);
const floor = IDENTITIES / EXPORT_QUOTA_RPS;

console.log(`renewal of ${IDENTITIES} ACM identities due together, each in redeploy mode bound to one ECS service`);
console.log(
  '(time from the clock advance until every secret holds the new serial and every service has a new deployment)',
);
for (const r of [baseline, limited, eventsOnly]) {
  console.log(`\n${r.label}`);
  console.log(
    `  time: ${r.seconds.toFixed(2)} s   renewed ${r.renewed}/${IDENTITIES}, rolled ${r.rolled}/${IDENTITIES}, dead letters ${r.deadLetters}, extra sweeps ${r.sweepsNeeded}`,
  );
  console.log(
    `  AWS calls: ${r.calls.total} (${(r.calls.total / IDENTITIES).toFixed(1)} per renewal; ${(r.calls.ok / IDENTITIES).toFixed(1)} answered OK; ${r.calls.throttled} throttled)`,
  );
  console.log(
    `  per renewal vs the minimum of ${MINIMUM_CALLS_PER_RENEWAL}: ${(r.calls.ok / IDENTITIES / MINIMUM_CALLS_PER_RENEWAL).toFixed(2)}x (OK calls only)`,
  );
  console.log(
    `  by operation: ${Object.entries(r.calls.byOperation)
      .sort((a, b) => b[1] - a[1])
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}`,
  );
}
console.log(`\nquota floor: ${IDENTITIES} exports at ${EXPORT_QUOTA_RPS}/s = ${floor.toFixed(1)} s`);
console.log(`ratio quota run / quota floor: ${(limited.seconds / floor).toFixed(2)}x`);
console.log(`ratio quota run / baseline: ${(limited.seconds / baseline.seconds).toFixed(2)}x`);
if ([baseline, limited, eventsOnly].some((r) => r.renewed < IDENTITIES || r.rolled < IDENTITIES)) process.exitCode = 1;
