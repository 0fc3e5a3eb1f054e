import { formatTable } from '../format-table.ts';
import type { StatusReport } from './collect-status.ts';

/** The inventory for people: one row per identity, then every problem on its own line. */
export function renderStatusReport(report: StatusReport): string[] {
  if (report.identities.length === 0) return ['no pca-mtls identities found (no secret is tagged pca-mtls:identity)'];
  const rows = report.identities.map((i) => [
    i.identity,
    i.source ?? '?',
    i.serial ?? '?',
    i.notAfter ?? '?',
    i.daysLeft === undefined ? '?' : String(i.daysLeft),
    i.rotation ?? '-',
    i.ecsServices.join(' ') || '-',
    i.lastExport ?? '?',
    i.versionCount === undefined ? '?' : String(i.versionCount),
    i.state.toUpperCase(),
  ]);
  const lines = formatTable(
    [
      'identity',
      'source',
      'serial',
      'not after',
      'days left',
      'rotation',
      'services',
      'last export',
      'versions',
      'state',
    ],
    rows,
  );
  const problems = report.identities.flatMap((i) =>
    i.problems.map((p) => `${p.level.toUpperCase()} ${i.identity} (${i.secretName}): ${p.code}: ${p.message}`),
  );
  if (problems.length > 0) lines.push('', ...problems);
  const { ok, warning, error } = report.summary;
  lines.push(
    '',
    `${report.identities.length} identities: ${ok} ok, ${warning} warning, ${error} error (evaluated at ${report.evaluatedAt})`,
  );
  return lines;
}
