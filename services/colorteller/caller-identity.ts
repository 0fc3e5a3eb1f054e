/**
 * Who called: one name for the verified peer, chosen the way the mesh names
 * workloads — a `spiffe://` URI SAN, else the first DNS SAN, else another URI
 * SAN, else the subject's CN.
 */
import type { TLSSocket } from 'node:tls';
import { parseCertificate } from '../../lib/pki/index.ts';
import { commonNameOf, parseForwardedClientCert, type XfccElement } from './forwarded-client-cert.ts';

export interface Caller {
  identity: string;
  uris: readonly string[];
  dnsNames: readonly string[];
  /** Lowercase hex; known in direct mode (the certificate is at hand). */
  serial?: string;
}

export function identityFromNames(names: {
  uris: readonly string[];
  dnsNames: readonly string[];
  commonName?: string;
}): string | undefined {
  return names.uris.find((u) => u.startsWith('spiffe://')) ?? names.dnsNames[0] ?? names.uris[0] ?? names.commonName;
}

/** Whether any of the caller's SANs is allowed; an empty list allows every verified caller. */
export function isAllowed(caller: Caller, allowedSans: readonly string[]): boolean {
  if (allowedSans.length === 0) return true;
  return [...caller.uris, ...caller.dnsNames].some((name) => allowedSans.includes(name));
}

const callerBySocket = new WeakMap<TLSSocket, Caller | undefined>();

/**
 * The caller of a TLS connection whose certificate Node verified
 * (`socket.authorized`); undefined when there is none. Parsed once per connection.
 */
export function callerFromTlsSocket(socket: TLSSocket): Caller | undefined {
  if (callerBySocket.has(socket)) return callerBySocket.get(socket);
  let caller: Caller | undefined;
  const peer = socket.authorized ? socket.getPeerX509Certificate() : undefined;
  if (peer) {
    const parsed = parseCertificate(peer.toString());
    const commonName = commonNameOf(peer.subject);
    const identity = identityFromNames({ uris: parsed.uris, dnsNames: parsed.dnsNames, commonName });
    if (identity) caller = { identity, uris: parsed.uris, dnsNames: parsed.dnsNames, serial: parsed.serial };
  }
  callerBySocket.set(socket, caller);
  return caller;
}

/**
 * The caller Envoy vouches for: the last element of `x-forwarded-client-cert`
 * is the one our own sidecar added about its direct peer.
 *
 * @throws ForwardedClientCertError when the header is malformed
 */
export function callerFromForwardedClientCert(header: string): Caller | undefined {
  const elements: XfccElement[] = parseForwardedClientCert(header);
  const closest = elements.at(-1);
  if (!closest) return undefined;
  const identity = identityFromNames({
    uris: closest.uris,
    dnsNames: closest.dnsNames,
    commonName: commonNameOf(closest.subject),
  });
  return identity ? { identity, uris: closest.uris, dnsNames: closest.dnsNames } : undefined;
}
