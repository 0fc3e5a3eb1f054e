/**
 * `pca-mtls verify`: for each Envoy admin interface, the TLS verdict of every
 * listener and cluster and the certificates it has loaded (stale against the
 * identity secret when one is given), and one exit code for all of them.
 */
import type { AdminSnapshot } from './envoy-admin.ts';
import { AdminUnreachableError } from './errors.ts';
import { loadedCertificates, type LoadedCertificate } from './loaded-certificates.ts';
import { tlsEndpointsFromStats, type ClusterReport, type ListenerReport } from './tls-endpoints.ts';

export interface AdminReport {
  url: string;
  reachable: boolean;
  /** Why it could not be read (reachable false). */
  error?: string;
  statsFormat?: AdminSnapshot['statsFormat'];
  listeners: ListenerReport[];
  clusters: ClusterReport[];
  certificates: LoadedCertificate[];
  /** One line per thing that is not verified. */
  problems: string[];
  /** Worth knowing, not failing (refused peers, failed SDS reloads). */
  warnings: string[];
}

export interface VerifyReport {
  /** True only when every admin was read and nothing is one-way, plaintext, idle, failing, expired or stale. */
  verified: boolean;
  /** 0 verified, 1 something not mutual or stale, 2 an admin endpoint unreachable. */
  exitCode: 0 | 1 | 2;
  secret?: { id: string; serial: string };
  admins: AdminReport[];
}

export interface VerifyDependencies {
  readAdmin(url: string): Promise<AdminSnapshot>;
}

const VERDICT_TEXT: Record<string, string> = {
  mtls: 'mTLS',
  'one-way-tls': 'one-way TLS',
  'no-traffic': 'no traffic',
  plaintext: 'plaintext',
  'plaintext-loopback': 'plaintext (loopback)',
  tls: 'TLS',
  failing: 'failing',
};

export function verdictText(verdict: string): string {
  return VERDICT_TEXT[verdict] ?? verdict;
}

function reportFor(url: string, snapshot: AdminSnapshot, secretSerial: string | undefined): AdminReport {
  const { listeners, clusters, failedSdsRotations } = tlsEndpointsFromStats(snapshot.stats);
  const certificates = loadedCertificates(snapshot.leaves, secretSerial);
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const l of listeners) {
    if (!l.ok) problems.push(`listener ${l.name}: ${verdictText(l.verdict)} — ${l.notes[0]}`);
    else if (l.tls && l.notes.length > 0) warnings.push(`listener ${l.name}: ${l.notes.join('; ')}`);
  }
  for (const c of clusters) {
    if (!c.ok)
      problems.push(`cluster ${c.name}: ${verdictText(c.verdict)}${c.notes.length ? ` — ${c.notes.join('; ')}` : ''}`);
    else if (c.notes.length > 0) warnings.push(`cluster ${c.name}: ${c.notes.join('; ')}`);
  }
  if (!listeners.some((l) => l.tls) && clusters.length === 0)
    problems.push('no TLS listener or cluster: this Envoy does no TLS at all');
  else if (certificates.length === 0)
    problems.push('TLS is configured but /certs lists no certificate: the SDS secret never loaded');
  for (const cert of certificates) if (!cert.ok) problems.push(`certificate ${cert.serial}: ${cert.notes.join('; ')}`);
  for (const { secret, count } of failedSdsRotations)
    warnings.push(
      `SDS secret ${secret}: ${count} failed reload(s) (key_rotation_failed); Envoy kept its previous material`,
    );
  return {
    url,
    reachable: true,
    statsFormat: snapshot.statsFormat,
    listeners,
    clusters,
    certificates,
    problems,
    warnings,
  };
}

export async function verifyEnvoys(
  adminUrls: readonly string[],
  deps: VerifyDependencies,
  secret?: { id: string; serial: string },
): Promise<VerifyReport> {
  const admins = await Promise.all(
    adminUrls.map(async (url): Promise<AdminReport> => {
      try {
        return reportFor(url, await deps.readAdmin(url), secret?.serial);
      } catch (err) {
        if (!(err instanceof AdminUnreachableError)) throw err;
        return {
          url,
          reachable: false,
          error: err.message,
          listeners: [],
          clusters: [],
          certificates: [],
          problems: [err.message],
          warnings: [],
        };
      }
    }),
  );
  const exitCode = admins.some((a) => !a.reachable) ? 2 : admins.some((a) => a.problems.length > 0) ? 1 : 0;
  return { verified: exitCode === 0, exitCode, ...(secret ? { secret } : {}), admins };
}
