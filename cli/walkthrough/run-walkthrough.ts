import { DescribeCertificateCommand, RequestCertificateCommand, type CertificateDetail } from '@aws-sdk/client-acm';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { waitUntilIssued } from '../../lib/acm/wait-until-issued.js';
import { createAwsClients, type AwsClients } from '../../lib/aws/clients.js';
import { exportIdentity, type ExportResult } from '../../lib/identity/export-identity.js';
import { parseExportRequest } from '../../lib/identity/export-request.js';
import { createLogger } from '../../lib/logger.js';
import { pollUntil } from '../../lib/poll-until.js';
import { createRootCa, type RootCa } from '../../lib/private-ca/create-root-ca.js';
import { addTrustedCa, DEFAULT_TRUST_SECRET_ID, type TrustBundleChange } from '../../lib/trust/trust-bundle.js';
import { startAwsLocal, type RunningAwsLocal } from '../../services/aws-local/server.js';
import { startColorGateway, type RunningColorGateway } from '../../services/colorgateway/server.js';
import { startColorTeller, type RunningColorTeller } from '../../services/colorteller/server.js';
import { installProjectFunctions } from '../commands/local.js';
import { describeError } from '../describe-error.js';
import { formatTable } from '../format-table.js';
import type { CliIo } from '../io.js';
import { startAgentProcess, type AgentProcess } from './agent-process.js';
import { COLOR_APP_IDENTITIES, GATEWAY, TELLER, type DemoIdentity } from './color-app.js';
import { connectWithoutCertificate } from './connect-without-certificate.js';
import { createDemoService, deploymentsOf } from './ecs-setup.js';
import { localControl } from './local-control.js';
import { advanceToRenewal, type RenewalEvent } from './renewal.js';
import { StepReporter } from './steps.js';
import { startTraffic, type TrafficReport } from './traffic.js';

/** Faults the walkthrough can inject into itself, to show that its checks really check. */
export const WALKTHROUGH_FAULTS = ['trust-bundle-missing-ca'] as const;
export type WalkthroughFault = (typeof WALKTHROUGH_FAULTS)[number];

export interface WalkthroughOptions {
  port: number;
  /** Keep this state directory instead of a fresh temporary one. */
  stateDir?: string;
  /** Resolves when the walkthrough should stop serving (Ctrl-C); omitted with --once. */
  serveUntil?: () => Promise<unknown>;
  fault?: WalkthroughFault;
}

/** Credentials for the embedded endpoint only: it accepts any. */
const LOCAL_CREDENTIALS = { accessKeyId: 'AKIDPCAMTLSLOCAL', secretAccessKey: 'pca-mtls-local' };
const LOCAL_REGION = 'us-east-1';
const TOTAL_STEPS = 12;
/**
 * The emulated clock starts this far in the past, so that ACM's renewal point
 * (60 days before the 395-day expiry) falls before real time: the renewed
 * certificates are then valid for the real TLS handshakes of this machine.
 */
const CLOCK_START_DAYS_AGO = 340;
const DAY_MS = 86_400_000;
/** Agents ask Secrets Manager for a new version this often in the walkthrough (30 s in production). */
const AGENT_WATCH_INTERVAL = '1s';
const ROTATION_TIMEOUT_MS = 60_000;
const REQUESTS_SHOWN = 3;

interface IssuedIdentity {
  demo: DemoIdentity;
  ca: RootCa;
  certificate: CertificateDetail;
}

/** Everything started along the way, stopped in reverse order whatever happens. */
class Running {
  local?: RunningAwsLocal;
  agents: AgentProcess[] = [];
  teller?: RunningColorTeller;
  gateway?: RunningColorGateway;
  dirs: string[] = [];

  async stop(keepStateDir: string | undefined): Promise<void> {
    await this.gateway?.close().catch(() => undefined);
    await this.teller?.close().catch(() => undefined);
    await Promise.all(this.agents.map((agent) => agent.stop().catch(() => undefined)));
    await this.local?.close().catch(() => undefined);
    for (const dir of this.dirs) if (dir !== keepStateDir) await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `npm start`: the whole pca-mtls story on one machine, step by step, on the
 * embedded local AWS endpoint. Prints ARNs, serials, versions and dates —
 * never key material or secret contents. Throws `StepFailedError` naming the
 * step that did not hold.
 */
export async function runWalkthrough(options: WalkthroughOptions, io: CliIo): Promise<void> {
  const steps = new StepReporter(io, TOTAL_STEPS, describeError);
  const running = new Running();
  try {
    const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'pca-mtls-walkthrough-')));
    running.dirs.push(stateDir);
    const local = (running.local = await steps.run(
      'start the embedded local AWS endpoint with the project Lambdas and rules',
      async () => {
        const started = await startAwsLocal({
          host: '127.0.0.1',
          port: options.port,
          stateDir,
          startClockAt: new Date(Date.now() - CLOCK_START_DAYS_AGO * DAY_MS),
          // AWS's default request-rate quotas, as `pca-mtls local` applies them: the flow must live with throttling.
          defaultQuotas: true,
        });
        await installProjectFunctions(started, {
          region: LOCAL_REGION,
          logger: createLogger({ name: 'pca-mtls-functions', level: process.env.LOG_LEVEL ?? 'warn' }),
        });
        return started;
      },
      (started) =>
        `${started.url}; clock starts ${CLOCK_START_DAYS_AGO} days ago so the renewal later is valid in real time`,
    ));
    const clients = createAwsClients({ endpoint: local.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const control = localControl(local.url);
    const logger = createLogger({ name: 'pca-mtls-walkthrough', level: process.env.LOG_LEVEL ?? 'warn' });
    const now = () => local.app.awsLocal.env.clock.now();

    const cas = await steps.run(
      'create and activate one root CA per identity (EC P-256)',
      () =>
        Promise.all(
          COLOR_APP_IDENTITIES.map((demo) =>
            createRootCa(clients.pca, { commonName: demo.caCommonName, keyAlgorithm: demo.keyAlgorithm }),
          ),
        ),
      (created) => created.map((ca, i) => `${COLOR_APP_IDENTITIES[i].identity}: ${ca.caArn}`).join(', '),
    );

    const issued = await steps.run(
      'request a private certificate for each identity through ACM and wait until ISSUED',
      () => Promise.all(COLOR_APP_IDENTITIES.map((demo, i) => requestCertificate(clients, demo, cas[i]))),
      (done) => done.map((d) => `${d.demo.domain} ${d.certificate.Status}`).join(', '),
    );

    const exported = await steps.run(
      `export each identity into Secrets Manager (${GATEWAY.identity} bound to ECS service ${GATEWAY.ecsService} in redeploy mode, ${TELLER.identity} hot)`,
      async () => {
        await createDemoService(clients.ecs, GATEWAY.ecsService!);
        return Promise.all(
          issued.map(({ demo, certificate }) =>
            exportIdentity(
              { clients, logger, now },
              parseExportRequest({
                identity: demo.identity,
                source: 'acm',
                certificateArn: certificate.CertificateArn,
                role: demo.role,
                rotation: demo.rotation,
                ecsServices: demo.ecsService ? [demo.ecsService] : [],
              }),
            ),
          ),
        );
      },
      (results) =>
        results.map((r) => `${r.identity} → ${r.secretArn} (version ${r.versionId.slice(0, 12)}…)`).join(', '),
    );

    const trust = await steps.run(
      options.fault === 'trust-bundle-missing-ca'
        ? `publish the trust bundle — FAULT INJECTED: without the ${GATEWAY.identity} CA`
        : 'publish the trust bundle with both CAs',
      async () => {
        const trusted =
          options.fault === 'trust-bundle-missing-ca' ? cas.filter((_, i) => COLOR_APP_IDENTITIES[i] !== GATEWAY) : cas;
        let change: TrustBundleChange | undefined;
        for (const ca of trusted) change = await addTrustedCa(clients, ca.caArn, DEFAULT_TRUST_SECRET_ID);
        return change!;
      },
      (change) => `${change.secretId}: ${change.bundle.cas.length} CA(s)`,
    );

    const shm = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    const filesDir = await mkdtemp(join(shm, 'pca-mtls-walkthrough-'));
    running.dirs.push(filesDir);
    const agentEnv = {
      ...process.env,
      AWS_ENDPOINT_URL: local.url,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      LOG_LEVEL: 'info',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const memoryBacked = shm === '/dev/shm';
    const diskFlag = memoryBacked ? [] : ['--allow-disk'];

    const tellerAgent = await steps.run(
      `start ${TELLER.identity}'s agent in watch mode (fetch, verify, write to ${memoryBacked ? 'memory-backed' : 'disk (no /dev/shm here)'} files, render Envoy config)`,
      async () => {
        const agent = await startAgentProcess({
          outDir: join(filesDir, TELLER.identity),
          env: agentEnv,
          args: [
            '--secret-id',
            `pca-mtls/${TELLER.identity}`,
            '--out-dir',
            join(filesDir, TELLER.identity),
            '--role',
            'server',
            '--allow-peer-san',
            GATEWAY.domain,
            '--watch-interval',
            AGENT_WATCH_INTERVAL,
            ...diskFlag,
          ],
        });
        running.agents.push(agent);
        running.teller = await startColorTeller({
          tlsDir: agent.outDir,
          port: 0,
          host: '127.0.0.1',
          allowedClientSans: [GATEWAY.domain],
          logger: quietLogger(),
        });
        return agent;
      },
      (agent) =>
        `pid ${agent.pid}, files in ${agent.outDir}; colorteller serves HTTPS (direct mode) on ${running.teller!.url}`,
    );

    await steps.run(
      `start ${GATEWAY.identity}'s agent in watch mode, then the data plane (${envoyOnPath() ? `an envoy binary is on PATH (${envoyOnPath()}), but this walkthrough drives` : 'no envoy binary on PATH:'} direct mode: the apps speak mTLS themselves from the agents' files)`,
      async () => {
        const tellerUrl = new URL(running.teller!.url);
        const agent = await startAgentProcess({
          outDir: join(filesDir, GATEWAY.identity),
          env: agentEnv,
          args: [
            '--secret-id',
            `pca-mtls/${GATEWAY.identity}`,
            '--out-dir',
            join(filesDir, GATEWAY.identity),
            '--role',
            'client',
            '--server-san',
            TELLER.domain,
            '--upstream',
            `${tellerUrl.hostname}:${tellerUrl.port}`,
            '--watch-interval',
            AGENT_WATCH_INTERVAL,
            ...diskFlag,
          ],
        });
        running.agents.push(agent);
        running.gateway = await startColorGateway({
          tlsDir: agent.outDir,
          port: 0,
          host: '127.0.0.1',
          tellerUrl: running.teller!.url,
          tellerSan: TELLER.domain,
          logger: quietLogger(),
        });
      },
      () => `colorgateway on ${running.gateway!.url} → colorteller ${running.teller!.url}`,
    );

    const answers = await steps.run(
      'gateway → teller over mutual TLS: requests succeed and show who called',
      async () => {
        const replies = [];
        for (let i = 0; i < REQUESTS_SHOWN; i++) {
          const response = await fetch(`${running.gateway!.url}/color`);
          const body = (await response.json()) as GatewayAnswer;
          if (!response.ok) throw new Error(`GET /color answered HTTP ${response.status}: ${JSON.stringify(body)}`);
          if (body.caller !== GATEWAY.domain)
            throw new Error(`colorteller saw caller '${body.caller}', expected ${GATEWAY.domain}`);
          if (body.teller?.identity !== TELLER.domain)
            throw new Error(
              `the gateway verified '${body.teller?.identity}', expected ${TELLER.domain} (answer: ${JSON.stringify(body)})`,
            );
          replies.push(body);
        }
        return replies;
      },
      (replies) => replies.map((r) => `${r.color} (caller ${r.caller})`).join(', '),
    );

    await steps.run(
      'a client without a certificate is refused by colorteller',
      async () => {
        const attempt = await connectWithoutCertificate(
          `${running.teller!.url}/color`,
          join(tellerAgent.outDir, 'current', 'trust-bundle.pem'),
          TELLER.domain,
        );
        if (!attempt.refused) throw new Error(`colorteller let an anonymous client in: ${attempt.detail}`);
        return attempt;
      },
      (attempt) => `refused (${attempt.detail})`,
    );

    const serialsBefore = await steps.run(
      'mutual TLS verified: each side presented the certificate stored in Secrets Manager and checked the other',
      async () => {
        const gatewaySecret = exported.find((r) => r.identity === GATEWAY.identity)!;
        const tellerSecret = exported.find((r) => r.identity === TELLER.identity)!;
        const seen = answers[0];
        if (seen.callerSerial !== gatewaySecret.serial)
          throw new Error(
            `colorteller saw client serial ${seen.callerSerial}, the secret holds ${gatewaySecret.serial}`,
          );
        if (seen.teller?.serial !== tellerSecret.serial)
          throw new Error(
            `colorgateway saw server serial ${seen.teller?.serial}, the secret holds ${tellerSecret.serial}`,
          );
        return { gateway: gatewaySecret.serial, teller: tellerSecret.serial };
      },
      (serials) =>
        `teller authenticated gateway (client serial ${serials.gateway}), gateway authenticated teller (server serial ${serials.teller}); with Envoy, \`pca-mtls verify\` reads the same from its admin stats`,
    );

    const renewal = await steps.run(
      "advance the clock to ACM's renewal point with traffic flowing: event → renew Lambda → new versions → agent rotation and ECS redeploy",
      () =>
        renewUnderTraffic({
          clients,
          control,
          issued,
          serialsBefore,
          gatewayUrl: running.gateway!.url,
          tellerUrl: running.teller!.url,
        }),
      (r) =>
        `${r.traffic.requests} requests, ${r.traffic.failures} failed; teller serial ${serialsBefore.teller} → ${r.newTellerSerial}`,
    );

    await steps.run('summarize what was proven', async () =>
      printSummary(io, { endpoint: local.url, issued, exported, trust, serialsBefore, renewal }),
    );

    if (options.serveUntil) {
      io.err('');
      io.err(
        `Still running: colorgateway ${running.gateway!.url}/color, colorteller ${running.teller!.url} (mTLS), aws-local ${local.url} (AWS_ENDPOINT_URL).`,
      );
      io.err('Press Ctrl-C to stop.');
      await options.serveUntil();
    }
  } finally {
    await running.stop(options.stateDir);
  }
}

interface GatewayAnswer {
  color: string;
  caller: string;
  callerSerial?: string;
  teller?: { identity: string; serial: string };
}

interface RenewalOutcome {
  events: RenewalEvent[];
  newTellerSerial: string;
  newGatewaySerial: string;
  deploymentsBefore: number;
  newDeployment: { id: string; status: string; rolloutState: string };
  traffic: TrafficReport;
}

async function renewUnderTraffic(input: {
  clients: AwsClients;
  control: ReturnType<typeof localControl>;
  issued: readonly IssuedIdentity[];
  serialsBefore: { gateway: string; teller: string };
  gatewayUrl: string;
  tellerUrl: string;
}): Promise<RenewalOutcome> {
  const { clients, control, issued, serialsBefore } = input;
  const deploymentsBefore = await deploymentsOf(clients.ecs, GATEWAY.ecsService!);
  const traffic = startTraffic(input.gatewayUrl);
  try {
    const certificateArns = issued.map((i) => i.certificate.CertificateArn!);
    const notAfters = await Promise.all(
      certificateArns.map(
        async (arn) =>
          (await clients.acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate!.NotAfter!,
      ),
    );
    const { events } = await advanceToRenewal(control, notAfters, certificateArns);
    if (events.length !== issued.length)
      throw new Error(`expected ${issued.length} ACM Certificate Available (RENEWAL) events, saw ${events.length}`);
    const written = events.flatMap((e) => e.delivery.summary?.versionsWritten ?? []);
    const undelivered = events.filter((e) => e.delivery.status !== 'SUCCEEDED');
    if (undelivered.length > 0)
      throw new Error(`the renew Lambda did not succeed for ${undelivered.map((e) => e.certificateArn).join(', ')}`);
    const newTellerSerial = written.find((w) => w.identity === TELLER.identity)?.serial;
    const newGatewaySerial = written.find((w) => w.identity === GATEWAY.identity)?.serial;
    if (!newTellerSerial || !newGatewaySerial)
      throw new Error('the renew Lambda wrote no new version for one of the identities');

    // The agents notice the new AWSCURRENT version on their next watch tick and swap the files;
    // the apps pick the new files up without a restart, and the traffic sees it in new handshakes.
    await pollUntil(
      async () => {
        const seen = traffic.snapshot();
        return seen.tellerSerials.includes(newTellerSerial) && seen.gatewaySerials.includes(newGatewaySerial)
          ? true
          : undefined;
      },
      { what: 'the new serials in live traffic', timeoutMs: ROTATION_TIMEOUT_MS, maxIntervalMs: 250 },
    );
    const deployments = await deploymentsOf(clients.ecs, GATEWAY.ecsService!);
    const primary = deployments.find((d) => d.status === 'PRIMARY');
    if (!primary || deploymentsBefore.some((d) => d.id === primary.id))
      throw new Error(`no new PRIMARY deployment of ${GATEWAY.ecsService}`);
    // Let a few more requests run on the new material before judging.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const report = await traffic.stop();
    if (report.failures > 0)
      throw new Error(
        `${report.failures} of ${report.requests} requests failed during the rotation: ${report.failureReasons.join('; ')}`,
      );
    if (serialsBefore.teller === newTellerSerial) throw new Error('the teller serial did not change');
    return {
      events,
      newTellerSerial,
      newGatewaySerial,
      deploymentsBefore: deploymentsBefore.length,
      newDeployment: { id: primary.id!, status: primary.status!, rolloutState: primary.rolloutState ?? '' },
      traffic: report,
    };
  } finally {
    await traffic.stop();
  }
}

async function requestCertificate(clients: AwsClients, demo: DemoIdentity, ca: RootCa): Promise<IssuedIdentity> {
  const requested = await clients.acm.send(
    new RequestCertificateCommand({
      DomainName: demo.domain,
      CertificateAuthorityArn: ca.caArn,
      KeyAlgorithm: demo.keyAlgorithm,
      // Same identity, same token: a re-run within the hour returns the same certificate.
      IdempotencyToken: demo.identity.replace(/[^\w]/g, '').slice(0, 32),
      Tags: [{ Key: 'pca-mtls:identity', Value: demo.identity }],
    }),
  );
  const certificate = await waitUntilIssued(clients.acm, requested.CertificateArn!);
  return { demo, ca, certificate };
}

function envoyOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'envoy');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function quietLogger() {
  return createLogger({ name: 'pca-mtls-demo', level: process.env.LOG_LEVEL ?? 'warn' });
}

function printSummary(
  io: CliIo,
  facts: {
    endpoint: string;
    issued: readonly IssuedIdentity[];
    exported: readonly ExportResult[];
    trust: TrustBundleChange;
    serialsBefore: { gateway: string; teller: string };
    renewal: RenewalOutcome;
  },
): void {
  const { issued, exported, trust, renewal } = facts;
  const out = (line = '') => io.out(line);
  out();
  out(`Private certificates issued through ACM from AWS Private CA (endpoint ${facts.endpoint}):`);
  const certificateRows = issued.map(({ demo, ca, certificate }) => [
    demo.identity,
    demo.role,
    certificate.DomainName ?? '',
    certificate.Serial ?? '',
    certificate.NotAfter?.toISOString() ?? '',
    certificate.CertificateArn ?? '',
    ca.caArn,
  ]);
  for (const line of formatTable(
    ['identity', 'role', 'domain', 'serial', 'not after', 'certificate ARN', 'CA ARN'],
    certificateRows,
  ))
    out(`  ${line}`);
  out();
  out('Identity secrets in Secrets Manager (schema pca-mtls/v1; contents not shown):');
  const secretRows = exported.map((r) => {
    const renewed = renewal.events
      .flatMap((e) => e.delivery.summary?.versionsWritten ?? [])
      .find((w) => w.identity === r.identity);
    return [r.identity, r.secretArn, r.serial, renewed?.serial ?? '', renewed?.versionId ?? ''];
  });
  for (const line of formatTable(
    ['identity', 'secret ARN', 'first serial', 'renewed serial', 'renewed version'],
    secretRows,
  ))
    out(`  ${line}`);
  out();
  out(`Trust bundle ${trust.secretId}: ${trust.bundle.cas.map((ca) => ca.arn).join(', ')}`);
  out();
  out('Renewal:');
  for (const event of renewal.events) {
    const summary = event.delivery.summary;
    out(`  event ACM Certificate Available (RENEWAL) ${event.id} at ${event.time} for ${event.certificateArn}`);
    out(
      `    renew Lambda: ${event.delivery.status} after ${event.delivery.attempts} attempt(s); versions written: ${(summary?.versionsWritten ?? []).map((w) => `${w.identity} ${w.serial}`).join(', ') || 'none'}; services rolled: ${(summary?.servicesRolled ?? []).map((s) => `${s.service} (${s.deploymentId ?? '?'})`).join(', ') || 'none'}`,
    );
  }
  out(
    `  ECS ${GATEWAY.ecsService}: new PRIMARY deployment ${renewal.newDeployment.id} (${renewal.newDeployment.rolloutState}), ${renewal.deploymentsBefore} before`,
  );
  out(
    `  live traffic through the rotation: ${renewal.traffic.requests} requests, ${renewal.traffic.failures} failed; teller serials seen ${renewal.traffic.tellerSerials.join(' → ')}, gateway serials seen ${renewal.traffic.gatewaySerials.join(' → ')}`,
  );
  out();
  out('What this proved:');
  out(
    '  - ACM issued private certificates from AWS Private CA; each key left ACM only encrypted, and the export verified it before storing one pca-mtls/v1 secret per identity.',
  );
  out(
    "  - Each agent fetched, verified and wrote its material into memory-backed files and rendered Envoy's config, without logging a key or passphrase.",
  );
  out(
    `  - colorgateway and colorteller authenticated each other with mutual TLS (client serial ${facts.serialsBefore.gateway}, server serial ${facts.serialsBefore.teller}); a client without a certificate was refused.`,
  );
  out(
    `  - At ACM's renewal point the event reached the renew Lambda, which wrote exactly one new version per identity, redeployed ${GATEWAY.ecsService} (redeploy mode) and left colorteller (hot mode) to its agent.`,
  );
  out(
    `  - The agents rotated the files without a restart and traffic kept flowing: ${renewal.traffic.failures} failed requests out of ${renewal.traffic.requests}.`,
  );
  out();
}
