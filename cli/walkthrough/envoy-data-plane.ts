/**
 * The walkthrough's Envoy mode: each agent supervises a real Envoy (`-- envoy -c <out-dir>/envoy.yaml`),
 * colorteller and colorgateway run in Envoy mode (plain HTTP on loopback behind their Envoy), and
 * `pca-mtls verify` reads both Envoys' admin stats and loaded certificates as the mTLS proof.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import type { AwsClients } from '../../lib/aws/clients.ts';
import { PcaMtlsError } from '../../lib/errors.ts';
import { pollUntil } from '../../lib/poll-until.ts';
import { startColorGateway, type RunningColorGateway } from '../../services/colorgateway/server.ts';
import { startColorTeller, type RunningColorTeller } from '../../services/colorteller/server.ts';
import { readEnvoyAdmin } from '../verify/envoy-admin.ts';
import { currentSecretSerial } from '../verify/secret-serial.ts';
import { verifyEnvoys, type VerifyReport } from '../verify/verify-envoys.ts';
import { startAgentProcess, type AgentProcess } from './agent-process.ts';
import { GATEWAY, TELLER } from './color-app.ts';
import type { Logger } from '../../lib/logger.ts';

/** How long a fresh Envoy may take to answer `GET /ready` on its admin port. */
const ENVOY_READY_TIMEOUT_MS = 30_000;

export class EnvoyNotFoundError extends PcaMtlsError {
  override name = 'EnvoyNotFoundError';
  /** A bad argument: the CLI exits 2, as for other usage errors. */
  readonly exitCode = 2;
  constructor(path: string) {
    super('ENVOY_NOT_FOUND', `--envoy ${path}: no executable file there; give the path of an envoy binary`);
  }
}

/** The envoy binary to use: `--envoy PATH` (must be executable), else the first `envoy` on PATH, else none. */
export function findEnvoy(explicit?: string, path = process.env.PATH ?? ''): string | undefined {
  if (explicit) {
    try {
      accessSync(explicit, constants.X_OK);
    } catch {
      throw new EnvoyNotFoundError(explicit);
    }
    return explicit;
  }
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir, 'envoy');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntilReady(adminUrl: string): Promise<void> {
  await pollUntil(
    async () => {
      const response = await fetch(`${adminUrl}/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    },
    { what: `Envoy ready at ${adminUrl}`, timeoutMs: ENVOY_READY_TIMEOUT_MS, maxIntervalMs: 250 },
  );
}

export interface EnvoySide {
  agent: AgentProcess;
  adminUrl: string;
  secretId: string;
}

export interface AgentLaunch {
  envoy: string;
  filesDir: string;
  env: NodeJS.ProcessEnv;
  /** Flags every agent gets (watch interval, --allow-disk where there is no tmpfs). */
  commonArgs: readonly string[];
}

async function startSide(launch: AgentLaunch, identity: string, args: string[]): Promise<EnvoySide> {
  const outDir = join(launch.filesDir, identity);
  const adminPort = await freePort();
  const agent = await startAgentProcess({
    outDir,
    env: launch.env,
    args: [
      ...['--secret-id', `pca-mtls/${identity}`, '--out-dir', outDir, '--admin-port', String(adminPort)],
      ...args,
      ...launch.commonArgs,
      ...['--', launch.envoy, '-c', join(outDir, 'envoy.yaml')],
    ],
  });
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  try {
    await waitUntilReady(adminUrl);
  } catch (err) {
    await agent.stop();
    throw err;
  }
  return { agent, adminUrl, secretId: `pca-mtls/${identity}` };
}

/** colorteller behind its Envoy: mTLS in on a free port, plain HTTP to the app on loopback. */
export async function startTellerBehindEnvoy(
  launch: AgentLaunch,
  logger: Logger,
): Promise<{ side: EnvoySide; app: RunningColorTeller; listenerUrl: string }> {
  const app = await startColorTeller({ mode: 'envoy', host: '127.0.0.1', port: 0, logger });
  const listenPort = await freePort();
  const side = await startSide(launch, TELLER.identity, [
    ...['--role', 'server', '--allow-peer-san', GATEWAY.domain],
    ...['--listen-port', String(listenPort), '--app-port', new URL(app.url).port],
  ]).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  return { side, app, listenerUrl: `https://127.0.0.1:${listenPort}` };
}

/** colorgateway calling colorteller's Envoy through its own Envoy's egress listener. */
export async function startGatewayBehindEnvoy(
  launch: AgentLaunch,
  tellerListenerUrl: string,
  logger: Logger,
): Promise<{ side: EnvoySide; app: RunningColorGateway }> {
  const egressPort = await freePort();
  const side = await startSide(launch, GATEWAY.identity, [
    ...['--role', 'client', '--server-san', TELLER.domain, '--upstream', new URL(tellerListenerUrl).host],
    ...['--egress-port', String(egressPort)],
  ]);
  const app = await startColorGateway({
    mode: 'envoy',
    host: '127.0.0.1',
    port: 0,
    tellerUrl: `http://127.0.0.1:${egressPort}`,
    logger,
  }).catch(async (err: unknown) => {
    await side.agent.stop();
    throw err;
  });
  return { side, app };
}

/** `pca-mtls verify --admin <url> --secret-id <id>` for each side: one report per Envoy. */
export async function verifyEnvoySides(
  clients: Pick<AwsClients, 'secrets'>,
  sides: readonly EnvoySide[],
): Promise<VerifyReport[]> {
  return Promise.all(
    sides.map(async (side) =>
      verifyEnvoys(
        [side.adminUrl],
        { readAdmin: (url) => readEnvoyAdmin(url) },
        { id: side.secretId, serial: await currentSecretSerial(clients.secrets, side.secretId) },
      ),
    ),
  );
}

/** Serials each Envoy has loaded (from `/certs`), for watching a rotation arrive. */
export function loadedSerials(reports: readonly VerifyReport[]): string[] {
  return reports.flatMap((r) => r.admins.flatMap((a) => a.certificates.map((c) => c.serial)));
}
