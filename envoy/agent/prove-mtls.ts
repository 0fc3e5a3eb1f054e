import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The probe scripts: plain Node, reading an agent's out-dir as Envoy would. */
export const MTLS_PROBE_SERVER = fileURLToPath(new URL('./mtls-probe/server.mjs', import.meta.url));
export const MTLS_PROBE_CLIENT = fileURLToPath(new URL('./mtls-probe/client.mjs', import.meta.url));
const PROBE_TIMEOUT_MS = 30_000;

export interface MutualTlsProbe {
  /** The server side's out-dir (e.g. colorteller's). */
  serverDir: string;
  /** Client DNS SANs the server accepts. */
  allowPeerSans: readonly string[];
  /** The client side's out-dir (e.g. colorgateway's). */
  clientDir: string;
  /** The DNS SAN the client expects from the server (also the SNI). */
  serverSan: string;
  /** Connect without presenting a client certificate (to show the refusal). */
  withoutClientCertificate?: boolean;
}

export interface MutualTlsProof {
  ok: boolean;
  /** Set when the handshake or the server's SAN check refused the connection. */
  error?: string;
  serverSerial?: string;
  clientSerial?: string;
  /** What each side verified about the other: the client checked the server's chain and SAN; the server, the client's chain and SAN. */
  clientAuthenticatedServer?: { san: string; serial: string };
  serverAuthenticatedClient?: { sans: string[]; serial: string };
  /** The server process's verdict when it refused the client. */
  serverRejection?: string;
}

/**
 * Proves a real mutual TLS handshake between two agents' output
 * directories, in two separate Node processes: a server that requires and
 * verifies a client certificate and checks its SAN, and a client that
 * verifies the server's chain and SAN. Neither process imports project code.
 *
 * @example
 * const proof = await proveMutualTls({ serverDir: tellerDir, allowPeerSans: ['colorgateway.mesh.local'],
 *   clientDir: gatewayDir, serverSan: 'colorteller.mesh.local' });
 * // proof.ok, proof.serverAuthenticatedClient.sans, proof.clientAuthenticatedServer.serial
 */
export async function proveMutualTls(probe: MutualTlsProbe): Promise<MutualTlsProof> {
  const server = spawn(
    process.execPath,
    [MTLS_PROBE_SERVER, '--dir', probe.serverDir, ...probe.allowPeerSans.flatMap((san) => ['--allow-peer-san', san])],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const events = jsonLines(server);
    const listening = await nextEvent(events, (e) => e.event === 'listening');
    const client = spawn(
      process.execPath,
      [
        MTLS_PROBE_CLIENT,
        '--dir',
        probe.clientDir,
        '--port',
        String(listening.port),
        '--server-san',
        probe.serverSan,
        ...(probe.withoutClientCertificate ? ['--no-cert'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const result = await nextEvent(jsonLines(client), () => true);
    const { serverSerial, clientSerial, clientSans } = result;
    if (result.ok && serverSerial !== undefined && clientSerial !== undefined && clientSans !== undefined) {
      return {
        ok: true,
        serverSerial,
        clientSerial,
        clientAuthenticatedServer: { san: probe.serverSan, serial: serverSerial },
        serverAuthenticatedClient: { sans: clientSans, serial: clientSerial },
      };
    }
    const rejection = await Promise.race([
      nextEvent(events, (e) => e.event === 'rejected'),
      delay(2_000).then(() => undefined),
    ]);
    return { ok: false, error: result.error, serverSerial: listening.serial, serverRejection: rejection?.reason };
  } finally {
    server.kill('SIGTERM');
  }
}

/** One JSON line from the probe client or server (mtls-probe/*.mjs); every field is optional. */
interface ProbeEvent {
  event?: string;
  ok?: boolean;
  port?: number;
  serial?: string;
  serverSerial?: string;
  clientSerial?: string;
  clientSans?: string[];
  error?: string;
  reason?: string;
}

function jsonLines(child: ChildProcess): ProbeEvent[] & { waiters: Set<() => void>; closed: boolean } {
  const events = Object.assign([] as ProbeEvent[], { waiters: new Set<() => void>(), closed: false });
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    try {
      events.push(JSON.parse(line) as ProbeEvent);
    } catch {
      return;
    }
    events.waiters.forEach((w) => w());
  });
  lines.on('close', () => {
    events.closed = true;
    events.waiters.forEach((w) => w());
  });
  return events;
}

function nextEvent(events: ReturnType<typeof jsonLines>, predicate: (e: ProbeEvent) => boolean): Promise<ProbeEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(() => reject(new Error('the mTLS probe did not answer in time'))),
      PROBE_TIMEOUT_MS,
    );
    const check = () => {
      const found = events.find(predicate);
      if (found) return finish(() => resolve(found));
      if (events.closed) finish(() => reject(new Error('the mTLS probe process ended without an answer')));
    };
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      events.waiters.delete(check);
      settle();
    };
    events.waiters.add(check);
    check();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
