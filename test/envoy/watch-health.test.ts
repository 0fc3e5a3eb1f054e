import { GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { run } from '../../envoy/agent/run-agent.ts';
import type { Watcher } from '../../envoy/agent/watch.ts';
import { exportIdentity } from '../../lib/identity/export-identity.ts';
import { parseExportRequest } from '../../lib/identity/export-request.ts';
import { normalizeSerial } from '../../lib/serial.ts';
import { pemBodyLines } from '../helpers/pki-fixtures.ts';
import { agentWorld, capturingLogger, GATEWAY, memoryDir, TELLER } from './agent-fixtures.ts';

const SECRET_ID = 'pca-mtls/watched-teller';

t.test(
  'watch, /healthz and /metrics: rotation, a rejected new version keeps the old files, the renewal threshold, and nothing secret anywhere',
  async (t) => {
    const world = await agentWorld(t);
    const { lines, logger } = capturingLogger('trace');
    const request = parseExportRequest({
      identity: 'watchedteller',
      source: 'pca',
      caArn: world.caArn,
      domain: TELLER.domain,
      role: 'server',
      secretId: SECRET_ID,
      validityDays: 10,
    });
    const first = await exportIdentity({ clients: world.clients, logger }, request);
    const outDir = await memoryDir(t);
    const signals = new EventEmitter();
    let clock = Date.now();
    const stderr: string[] = [];
    const stdout: string[] = [];
    let announce!: (info: { healthPort?: number; watcher?: Watcher }) => void;
    const onReady = new Promise<{ healthPort?: number; watcher?: Watcher }>((resolve) => (announce = resolve));
    const exitCode = run(
      [
        '--secret-id',
        SECRET_ID,
        '--role',
        'server',
        '--allow-peer-san',
        GATEWAY.domain,
        '--out-dir',
        outDir,
        '--health-port',
        '0',
        '--health-host',
        '127.0.0.1',
        '--watch-interval',
        '24h',
      ],
      {
        env: {},
        clients: world.agentClients(),
        logger,
        now: () => new Date(clock),
        signals,
        stderr: (s) => stderr.push(s),
        stdout: (s) => stdout.push(s),
        onReady: announce,
      },
    );
    const { healthPort, watcher } = await onReady;
    const health = async () => {
      const response = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    };
    const metrics = async () => (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();

    let h = await health();
    t.equal(h.status, 200);
    t.match(h.body, {
      status: 'ok',
      identity: 'watchedteller',
      serial: normalizeSerial(first.serial),
      secretVersionId: first.versionId,
      rotations: 0,
      lastRotation: null,
    });
    t.match(h.body.version, /^v-/);
    let m = await metrics();
    t.match(m, new RegExp(`pca_mtls_agent_certificate_expiry_timestamp_seconds ${Date.parse(h.body.notAfter) / 1000}`));
    t.match(m, /pca_mtls_agent_rotations_total 0/);
    t.match(m, /pca_mtls_agent_material_healthy 1/);

    t.equal(
      await watcher!.checkNow(),
      'unchanged',
      'same AWSCURRENT version: nothing to do (one cheap DescribeSecret per secret)',
    );
    const reads = (await world.local.control('GET', 'requests?service=secretsmanager')).body.requests.map(
      (r: { operation: string }) => r.operation,
    );
    t.notOk(
      reads.slice(-2).some((op: string) => /Get|Batch/.test(op)),
      'an unchanged check reads no secret value',
    );

    const second = await exportIdentity({ clients: world.clients, logger }, request);
    t.equal(await watcher!.checkNow(), 'rotated');
    h = await health();
    t.match(h.body, {
      status: 'ok',
      serial: normalizeSerial(second.serial),
      secretVersionId: second.versionId,
      rotations: 1,
    });
    t.ok(h.body.lastRotation);
    m = await metrics();
    t.match(m, /pca_mtls_agent_rotations_total 1/);
    const keyInPlace = await readFile(join(outDir, 'current', 'key.pem'), 'utf8');

    // A new version that fails verification: the old files stay and the failure is reported.
    await world.clients.secrets.send(
      new PutSecretValueCommand({
        SecretId: SECRET_ID,
        SecretString: JSON.stringify({ schema: 'pca-mtls/v1', identity: 'watchedteller' }),
      }),
    );
    t.equal(await watcher!.checkNow(), 'failed');
    h = await health();
    t.equal(h.status, 200, 'still healthy: the material in place is valid');
    t.match(h.body, {
      serial: normalizeSerial(second.serial),
      lastFailure: { code: 'SECRET_SCHEMA', message: /field 'source'|field 'certificate'|is missing/ },
    });
    t.equal(await readFile(join(outDir, 'current', 'key.pem'), 'utf8'), keyInPlace, 'the files in place are untouched');
    m = await metrics();
    t.match(m, /pca_mtls_agent_failures_total\{code="SECRET_SCHEMA"\} 1/);

    // AWS unreachable for a tick: reported, files kept.
    await world.local.control('POST', 'faults', {
      service: 'secretsmanager',
      operation: 'DescribeSecret',
      error: 'AccessDeniedException',
      rate: 1,
    });
    t.equal(await watcher!.checkNow(), 'failed');
    await world.local.control('DELETE', 'faults');
    t.match((await health()).body.lastFailure, { code: 'AWS_ACCESS_DENIED' });

    // Past 90% of the lifetime (renewal has not reached this task): unhealthy.
    clock = Date.parse(h.body.notBefore) + 0.95 * (Date.parse(h.body.notAfter) - Date.parse(h.body.notBefore));
    h = await health();
    t.equal(h.status, 503);
    t.match(h.body, { status: 'unhealthy', reason: /past its renewal threshold/ });
    t.match(await metrics(), /pca_mtls_agent_material_healthy 0/);
    t.equal((await fetch(`http://127.0.0.1:${healthPort}/nope`)).status, 404);

    signals.emit('SIGTERM', 'SIGTERM');
    t.equal(await exitCode, 0, 'without a command, SIGTERM ends the agent with 0');

    const everything = lines.join('') + stderr.join('') + stdout.join('');
    const secretText = JSON.parse(
      (
        await world.clients.secrets.send(
          new GetSecretValueCommand({ SecretId: SECRET_ID, VersionId: second.versionId }),
        )
      ).SecretString!,
    );
    t.notOk(everything.includes(secretText.passphrase), 'no passphrase in any log line at trace level');
    t.notOk(
      [...pemBodyLines(secretText.privateKey), ...pemBodyLines(keyInPlace)].some((line) => everything.includes(line)),
      'no encrypted or decrypted key line',
    );
    t.notMatch(everything, /PRIVATE KEY|"schema":"pca-mtls\/v1"/);
  },
);
