import { readFile } from 'node:fs/promises';
import { connect } from 'node:tls';

export interface AnonymousAttempt {
  refused: boolean;
  /** How the server refused (the TLS alert or the closed connection), or what it answered. */
  detail: string;
}

const ATTEMPT_TIMEOUT_MS = 5_000;

/**
 * Connects to an mTLS server the way a client without a certificate would
 * (trusting the server, presenting nothing) and asks for a page. With TLS 1.3
 * the server's refusal arrives after the client's side of the handshake, so
 * only an HTTP answer counts as "let in".
 */
export async function connectWithoutCertificate(
  url: string,
  trustBundleFile: string,
  servername: string,
): Promise<AnonymousAttempt> {
  const { hostname, port, pathname } = new URL(url);
  const ca = await readFile(trustBundleFile);
  return new Promise((resolve) => {
    let answer = '';
    let settled = false;
    const finish = (result: AnonymousAttempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const socket = connect({ host: hostname, port: Number(port), ca, servername }, () => {
      socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${servername}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk) => {
      answer += chunk;
      if (/^HTTP\/1\.1 \d{3}/.test(answer)) finish({ refused: false, detail: statusLine(answer) });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => finish({ refused: true, detail: err.code ?? err.message }));
    socket.on('end', () => finish({ refused: true, detail: 'connection closed without an answer' }));
    const timer = setTimeout(() => finish({ refused: false, detail: 'no refusal within 5 s' }), ATTEMPT_TIMEOUT_MS);
  });
}

/** The first line of an HTTP answer (all of it when it has no line break yet). */
function statusLine(answer: string): string {
  const [first = answer] = answer.split('\r\n');
  return first;
}
