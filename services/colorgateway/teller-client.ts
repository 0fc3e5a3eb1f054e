/**
 * Calls colorteller's `GET /color`: through the local Envoy egress (plain
 * HTTP; Envoy does the mTLS), or directly over mTLS with the client
 * certificate from the agent's files. On rotation a new connection pool is
 * built from the new files, so the next connection presents the new
 * certificate; the old pool is retired once its requests can no longer be running.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
import { PcaMtlsError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { normalizeSerial } from '../../lib/serial.ts';
import type { ReloadingTlsMaterial } from '../../lib/tls/reloading-tls-material.ts';
import { secureContextOptions, type TlsMaterial } from '../../lib/tls/tls-material-files.ts';
import type { ColorGatewayConfig } from './config.ts';

/** Bounds the teller's answer: it is a few dozen bytes. */
const MAX_RESPONSE_BYTES = 16 * 1024;
/**
 * How many times a GET is sent again after the kept-alive connection it was
 * written to turned out closed by the teller (reset or hang-up before any
 * answer). Two: a pool may hold a second stale connection; a third failure is real.
 */
export const STALE_CONNECTION_RETRIES = 2;

export const TELLER_CALL_ERROR_CODES = [
  'TELLER_UNREACHABLE',
  'TELLER_TLS_FAILED',
  'TELLER_TIMEOUT',
  'TELLER_REFUSED',
  'TELLER_BAD_RESPONSE',
] as const;
export type TellerCallErrorCode = (typeof TELLER_CALL_ERROR_CODES)[number];

export class TellerCallError extends PcaMtlsError {
  override name = 'TellerCallError';
  declare readonly code: TellerCallErrorCode;
  constructor(code: TellerCallErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** What colorteller said, and (direct mode) who the gateway verified it to be. */
export interface TellerAnswer {
  color: string;
  /** How colorteller named the gateway. */
  caller: string;
  callerSerial?: string;
  /** direct mode: the teller's verified name and certificate serial. */
  teller?: { identity: string; serial: string };
}

const TLS_ERROR = /^(ERR_SSL_|ERR_TLS_|UNABLE_TO_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;
const NETWORK_ERROR = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

function classify(err: NodeJS.ErrnoException, url: string): TellerCallError {
  if (err instanceof TellerCallError) return err;
  const code = err.code ?? '';
  if (TLS_ERROR.test(code) || /certificate|alert|handshake/i.test(err.message)) {
    return new TellerCallError(
      'TELLER_TLS_FAILED',
      `mTLS with colorteller at ${url} failed (${code || err.message}); check TELLER_SAN, the trust bundle and both certificates`,
      { cause: err },
    );
  }
  if (NETWORK_ERROR.has(code) || err.message === 'socket hang up') {
    return new TellerCallError('TELLER_UNREACHABLE', `colorteller at ${url} is unreachable (${code || err.message})`, {
      cause: err,
    });
  }
  return new TellerCallError('TELLER_UNREACHABLE', `calling colorteller at ${url} failed: ${err.message}`, {
    cause: err,
  });
}

/** The failures of a request written to a connection the peer had already closed. */
function isStaleConnectionError(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.message === 'socket hang up';
}

function readAnswer(res: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_RESPONSE_BYTES)
        res.destroy(
          new TellerCallError('TELLER_BAD_RESPONSE', `colorteller's answer exceeds ${MAX_RESPONSE_BYTES} bytes`),
        );
    });
    res.on('end', () => {
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(
          new TellerCallError(
            'TELLER_BAD_RESPONSE',
            `colorteller answered ${res.statusCode} with something that is not JSON`,
          ),
        );
      }
    });
    res.on('error', reject);
  });
}

export class TellerClient {
  private httpsAgent: HttpsAgent | undefined;
  private readonly httpAgent: HttpAgent | undefined;
  private readonly retiring = new Map<NodeJS.Timeout, HttpsAgent>();
  /** Each connection's server certificate, as verified in its handshake. */
  private readonly verifiedPeers = new WeakMap<TLSSocket, X509Certificate>();
  private readonly unsubscribe: (() => void) | undefined;

  constructor(
    private readonly config: ColorGatewayConfig,
    private readonly logger: Logger,
    material?: ReloadingTlsMaterial,
  ) {
    if (config.mode === 'direct') {
      if (!material) throw new PcaMtlsError('BAD_CONFIG', 'colorgateway: direct mode needs TLS material');
      this.httpsAgent = this.agentFor(material.current);
      this.unsubscribe = material.onChange((next) => this.replaceAgent(next));
    } else {
      this.httpAgent = new HttpAgent({ keepAlive: true });
    }
  }

  private agentFor(material: TlsMaterial): HttpsAgent {
    const tellerSan = this.config.tellerSan!;
    const agent = new HttpsAgent({
      ...secureContextOptions(material),
      keepAlive: true,
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
      // SNI and the identity check name the teller's SAN, not the address we dial.
      servername: /^[a-z]+:\/\//i.test(tellerSan) ? undefined : tellerSan,
      checkServerIdentity: (_host: string, cert: PeerCertificate) => {
        if (/^[a-z]+:\/\//i.test(tellerSan)) {
          const uris = (cert.subjectaltname ?? '')
            .split(/,\s*/)
            .filter((s) => s.startsWith('URI:'))
            .map((s) => s.slice(4).replace(/^"|"$/g, ''));
          return uris.includes(tellerSan)
            ? undefined
            : new Error(`colorteller's certificate carries no URI SAN ${tellerSan}`);
        }
        return checkServerIdentity(tellerSan, cert);
      },
    });
    // Remember the verified server certificate when the handshake completes: on a
    // busy process Node 20 has been seen answering an empty peer certificate later
    // in the connection's life (after TLS 1.3 post-handshake messages).
    const createConnection = agent.createConnection.bind(agent) as (...args: unknown[]) => TLSSocket;
    (agent as unknown as { createConnection: (...args: unknown[]) => TLSSocket }).createConnection = (...args) => {
      const socket = createConnection(...args);
      socket.once('secureConnect', () => {
        const peer = socket.getPeerX509Certificate();
        if (peer) this.verifiedPeers.set(socket, peer);
      });
      return socket;
    };
    return agent;
  }

  private replaceAgent(material: TlsMaterial): void {
    const old = this.httpsAgent;
    this.httpsAgent = this.agentFor(material);
    this.logger.info(
      { serial: material.leaf.serial },
      'new connections to colorteller use the rotated client certificate',
    );
    if (!old) return;
    // Requests on the old pool end within the call timeout; then its idle sockets go.
    const timer = setTimeout(() => {
      this.retiring.delete(timer);
      old.destroy();
    }, this.config.tellerTimeoutMs);
    timer.unref();
    this.retiring.set(timer, old);
  }

  /**
   * @throws TellerCallError TELLER_UNREACHABLE, TELLER_TLS_FAILED, TELLER_TIMEOUT, TELLER_REFUSED, TELLER_BAD_RESPONSE
   */
  getColor(): Promise<TellerAnswer> {
    return this.call(`${this.config.tellerUrl}/color`, STALE_CONNECTION_RETRIES);
  }

  /**
   * One GET. A kept-alive connection can be closed by the teller (idle close on
   * its rotation, or its keep-alive timeout) at the instant this request is
   * written to it; the request then fails with a reset before any answer. A GET
   * is idempotent, so that case — and only that case — is sent again, on
   * another connection, at most `retries` times.
   */
  private call(url: string, retries: number): Promise<TellerAnswer> {
    return new Promise<TellerAnswer>((resolve, reject) => {
      let answered = false;
      const onResponse = (res: IncomingMessage) => {
        answered = true;
        this.answerFrom(res).then(resolve, reject);
      };
      const options = { method: 'GET', timeout: this.config.tellerTimeoutMs };
      const req =
        this.config.mode === 'direct'
          ? httpsRequest(url, { ...options, agent: this.httpsAgent }, onResponse)
          : httpRequest(url, { ...options, agent: this.httpAgent }, onResponse);
      req.on('timeout', () =>
        req.destroy(
          new TellerCallError(
            'TELLER_TIMEOUT',
            `colorteller at ${url} did not answer within ${this.config.tellerTimeoutMs} ms (TELLER_TIMEOUT_MS)`,
          ),
        ),
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (!answered && req.reusedSocket && retries > 0 && isStaleConnectionError(err)) {
          this.logger.debug(
            { code: err.code ?? err.message },
            'kept-alive connection to colorteller was closed; retrying',
          );
          resolve(this.call(url, retries - 1));
          return;
        }
        reject(classify(err, url));
      });
      req.end();
    });
  }

  private answerFrom(res: IncomingMessage): Promise<TellerAnswer> {
    const socket = res.socket as TLSSocket;
    const peer =
      this.config.mode === 'direct' ? (this.verifiedPeers.get(socket) ?? socket.getPeerX509Certificate?.()) : undefined;
    return readAnswer(res).then((body) => {
      const answer = body as Partial<TellerAnswer> & { error?: unknown; message?: unknown };
      if (res.statusCode !== 200) {
        const detail = typeof answer?.message === 'string' ? `: ${answer.message}` : '';
        throw new TellerCallError('TELLER_REFUSED', `colorteller answered ${res.statusCode}${detail}`);
      }
      if (typeof answer?.color !== 'string' || typeof answer.caller !== 'string') {
        throw new TellerCallError('TELLER_BAD_RESPONSE', 'colorteller answered without color and caller');
      }
      return {
        color: answer.color,
        caller: answer.caller,
        ...(typeof answer.callerSerial === 'string' ? { callerSerial: answer.callerSerial } : {}),
        ...(peer ? { teller: { identity: this.config.tellerSan!, serial: normalizeSerial(peer.serialNumber) } } : {}),
      };
    });
  }

  close(): void {
    this.unsubscribe?.();
    for (const [timer, agent] of this.retiring) {
      clearTimeout(timer);
      agent.destroy();
    }
    this.retiring.clear();
    this.httpsAgent?.destroy();
    this.httpAgent?.destroy();
  }
}
