/**
 * Per listener and per cluster TLS counters from Envoy's stats, and what they
 * say. Server listeners (`listener.<address|stat_prefix>.ssl.*`) are where
 * mutual TLS is enforced: `ssl.no_certificate` counts handshakes that
 * succeeded although the *peer* sent no certificate, so it means something
 * only there. Clusters (`cluster.<name>.ssl.*`) are the client side.
 */

export const TLS_COUNTERS = [
  'handshake',
  'no_certificate',
  'fail_verify_no_cert',
  'fail_verify_san',
  'fail_verify_error',
  'connection_error',
] as const;
export type TlsCounter = (typeof TLS_COUNTERS)[number];
export type TlsCounters = Record<TlsCounter, number>;

/**
 * `mtls`: handshakes, every one with a client certificate. `one-way-tls`: some
 * handshakes without one. `no-traffic`: no handshake yet, nothing proven.
 * `plaintext`: no TLS on a listener others can reach. `plaintext-loopback`: no
 * TLS on a loopback listener (the app's egress into Envoy), which is expected.
 */
export type ListenerVerdict = 'mtls' | 'one-way-tls' | 'no-traffic' | 'plaintext' | 'plaintext-loopback';
/** `tls`: handshakes succeeded. `failing`: attempts, none succeeded. `no-traffic`: nothing tried. */
export type ClusterVerdict = 'tls' | 'failing' | 'no-traffic';

export interface ListenerReport {
  name: string;
  tls: boolean;
  counters?: TlsCounters;
  verdict: ListenerVerdict;
  ok: boolean;
  notes: string[];
}

export interface ClusterReport {
  name: string;
  counters: TlsCounters;
  verdict: ClusterVerdict;
  ok: boolean;
  notes: string[];
}

// Names may contain dots (addresses such as 0.0.0.0_15000), so they are matched up to a known suffix.
const SSL_STAT = /^(listener|cluster)\.(.+)\.ssl\.([a-z_]+)$/;
const LISTENER_STAT = /^listener\.(.+?)(?:\.worker_\d+)?\.downstream_cx_total$/;
const SDS_ROTATION_FAILED = /^sds\.(.+)\.key_rotation_failed$/;
/** Envoy's listener stat names for 127.0.0.0/8 and [::1] (':' becomes '_'). */
const LOOPBACK_LISTENER = /^(127\.\d+\.\d+\.\d+|\[__1\])_\d+$/;
/** Envoy's own admin listener. */
const ADMIN_LISTENER = 'admin';

function emptyCounters(): TlsCounters {
  return Object.fromEntries(TLS_COUNTERS.map((c) => [c, 0])) as TlsCounters;
}

function refusalNotes(c: TlsCounters): string[] {
  const notes: string[] = [];
  if (c.fail_verify_no_cert > 0) notes.push(`${c.fail_verify_no_cert} refused: peer sent no certificate`);
  if (c.fail_verify_error > 0)
    notes.push(`${c.fail_verify_error} refused: certificate not trusted (fail_verify_error)`);
  if (c.fail_verify_san > 0) notes.push(`${c.fail_verify_san} refused: SAN did not match (fail_verify_san)`);
  if (c.connection_error > 0) notes.push(`${c.connection_error} TLS connection errors`);
  return notes;
}

function listenerVerdict(
  name: string,
  counters: TlsCounters | undefined,
): Pick<ListenerReport, 'verdict' | 'ok' | 'notes'> {
  if (!counters) {
    if (LOOPBACK_LISTENER.test(name))
      return { verdict: 'plaintext-loopback', ok: true, notes: ['loopback only: the local app reaches Envoy here'] };
    return { verdict: 'plaintext', ok: false, notes: ['no TLS on a listener others can reach'] };
  }
  const notes = refusalNotes(counters);
  if (counters.no_certificate > 0) {
    notes.unshift(
      `${counters.no_certificate} of ${counters.handshake} handshakes without a client certificate: require_client_certificate is off`,
    );
    return { verdict: 'one-way-tls', ok: false, notes };
  }
  if (counters.handshake > 0) return { verdict: 'mtls', ok: true, notes };
  notes.unshift('no handshake yet: send a request through it, then verify again');
  return { verdict: 'no-traffic', ok: false, notes };
}

function clusterVerdict(counters: TlsCounters): Pick<ClusterReport, 'verdict' | 'ok' | 'notes'> {
  // no_certificate is left out on purpose: on a client it would be about the server's certificate, which TLS always sends.
  const notes = refusalNotes(counters);
  if (counters.handshake > 0) return { verdict: 'tls', ok: true, notes };
  const attempts =
    counters.fail_verify_error + counters.fail_verify_san + counters.fail_verify_no_cert + counters.connection_error;
  if (attempts > 0) return { verdict: 'failing', ok: false, notes };
  notes.unshift('no handshake yet: send a request through it, then verify again');
  return { verdict: 'no-traffic', ok: false, notes };
}

export interface TlsEndpoints {
  listeners: ListenerReport[];
  clusters: ClusterReport[];
  /** SDS secrets whose last update failed to load (`sds.<name>.key_rotation_failed` > 0). */
  failedSdsRotations: Array<{ secret: string; count: number }>;
}

export function tlsEndpointsFromStats(stats: ReadonlyMap<string, number>): TlsEndpoints {
  const listenerNames = new Set<string>();
  const tlsCounters = { listener: new Map<string, TlsCounters>(), cluster: new Map<string, TlsCounters>() };
  const failedSdsRotations: TlsEndpoints['failedSdsRotations'] = [];
  for (const [name, value] of stats) {
    const [, listener] = LISTENER_STAT.exec(name) ?? [];
    if (listener !== undefined) listenerNames.add(listener);
    const ssl = SSL_STAT.exec(name);
    if (ssl) {
      const [, kind, owner, counter] = ssl as unknown as [string, 'listener' | 'cluster', string, string];
      const map = tlsCounters[kind];
      if (!map.has(owner)) map.set(owner, emptyCounters());
      if ((TLS_COUNTERS as readonly string[]).includes(counter)) map.get(owner)![counter as TlsCounter] = value;
    }
    const [, secret] = SDS_ROTATION_FAILED.exec(name) ?? [];
    if (secret !== undefined && value > 0) failedSdsRotations.push({ secret, count: value });
  }
  for (const name of tlsCounters.listener.keys()) listenerNames.add(name);
  listenerNames.delete(ADMIN_LISTENER);
  const listeners = [...listenerNames].sort().map((name) => {
    const counters = tlsCounters.listener.get(name);
    return { name, tls: counters !== undefined, ...(counters ? { counters } : {}), ...listenerVerdict(name, counters) };
  });
  const clusters = [...tlsCounters.cluster.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, counters]) => ({ name, counters, ...clusterVerdict(counters) }));
  return { listeners, clusters, failedSdsRotations };
}
