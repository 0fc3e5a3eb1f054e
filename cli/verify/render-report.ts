/** The verify report for people: one block per Envoy, a table of listeners and clusters, the certificates, then problems. */
import { formatTable } from '../format-table.ts';
import { TLS_COUNTERS } from './tls-endpoints.ts';
import { verdictText, type VerifyReport } from './verify-envoys.ts';

const COUNTER_HEADERS = ['handshakes', 'no_cert', 'fail_no_cert', 'fail_san', 'fail_error', 'conn_error'];

export function renderVerifyReport(report: VerifyReport): string[] {
  const lines: string[] = [];
  for (const admin of report.admins) {
    lines.push(`Envoy admin ${admin.url}${admin.statsFormat ? ` (stats: ${admin.statsFormat})` : ''}`);
    if (!admin.reachable) {
      lines.push(`  UNREACHABLE: ${admin.error}`, '');
      continue;
    }
    const rows = [
      ...admin.listeners.map((l) => [
        'listener',
        l.name,
        verdictText(l.verdict),
        ...TLS_COUNTERS.map((c) => (l.counters ? String(l.counters[c]) : '-')),
      ]),
      ...admin.clusters.map((c) => [
        'cluster',
        c.name,
        verdictText(c.verdict),
        ...TLS_COUNTERS.map((k) => (k === 'no_certificate' ? '-' : String(c.counters[k]))),
      ]),
    ];
    lines.push(...formatTable(['kind', 'name', 'verdict', ...COUNTER_HEADERS], rows).map((l) => `  ${l}`));
    if (admin.certificates.length > 0) {
      lines.push('');
      const certRows = admin.certificates.map((c) => [
        c.serial,
        c.daysUntilExpiration === undefined ? '?' : String(c.daysUntilExpiration),
        c.expirationTime ?? '?',
        c.subjectAltNames.join(' ') || '-',
        c.stale === undefined ? (c.ok ? 'loaded' : 'EXPIRING') : c.stale ? 'STALE' : c.ok ? 'current' : 'EXPIRING',
      ]);
      lines.push(
        ...formatTable(['loaded certificate', 'days left', 'expires', 'SANs', 'status'], certRows).map((l) => `  ${l}`),
      );
    }
    for (const warning of admin.warnings) lines.push(`  note: ${warning}`);
    for (const problem of admin.problems) lines.push(`  PROBLEM: ${problem}`);
    lines.push('');
  }
  const against = report.secret ? ` against secret ${report.secret.id} (serial ${report.secret.serial})` : '';
  if (report.verified)
    lines.push(`verified: every server listener is mutual TLS and the loaded certificates are current${against}`);
  else {
    const count = report.admins.reduce((n, a) => n + a.problems.length, 0);
    lines.push(`NOT verified: ${count} problem(s)${against}`);
  }
  return lines;
}
