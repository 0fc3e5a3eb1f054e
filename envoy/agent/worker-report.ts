import { PcaMtlsError } from '../../lib/errors.ts';
import type { MaterialInPlace } from './agent-status.ts';
import type { BootstrapResult } from './bootstrap.ts';
import type { AgentErrorCode } from './errors.ts';
import type { CheckReport } from './material-worker.ts';

/**
 * The one JSON line a material worker process prints on stdout, and how the
 * agent reads it back. It holds what /healthz already shows (serials, dates,
 * version ids, paths, error codes): never key material or secret JSON.
 */
export type WorkerReport =
  | { op: 'start'; ok: true; result: BootstrapResult }
  | { op: 'start'; ok: false; code: string; message: string }
  | { op: 'check'; report: CheckReport };

/** A failure the worker process reported (its code and message) or that the process itself was. */
export class WorkerFailedError extends PcaMtlsError {
  override name = 'WorkerFailedError';
}

export const WORKER_FAILED: AgentErrorCode = 'AGENT_WORKER_FAILED';

function malformed(what: string): WorkerFailedError {
  return new WorkerFailedError(
    WORKER_FAILED,
    `the material worker's report is malformed (${what}); nothing was trusted from it`,
  );
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw malformed(what);
  return value;
}

function date(value: unknown, what: string): Date {
  const parsed = new Date(text(value, what));
  if (Number.isNaN(parsed.getTime())) throw malformed(what);
  return parsed;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(what);
  return value as Record<string, unknown>;
}

/** MaterialInPlace from JSON, every field checked (dates revived). */
export function reviveMaterial(raw: unknown): MaterialInPlace {
  const m = record(raw, 'material');
  return Object.freeze({
    identity: text(m.identity, 'material.identity'),
    serial: text(m.serial, 'material.serial'),
    notBefore: date(m.notBefore, 'material.notBefore'),
    notAfter: date(m.notAfter, 'material.notAfter'),
    identityVersionId: text(m.identityVersionId, 'material.identityVersionId'),
    trustVersionId: text(m.trustVersionId, 'material.trustVersionId'),
    version: text(m.version, 'material.version'),
    writtenAt: date(m.writtenAt, 'material.writtenAt'),
  });
}

/** A start report's result (the rest of BootstrapResult is plain JSON: strings, numbers, paths). */
export function reviveStart(raw: unknown): BootstrapResult {
  const r = record(raw, 'start');
  if (r.ok !== true) throw new WorkerFailedError(text(r.code, 'code'), text(r.message, 'message'));
  const result = record(r.result, 'result');
  text(result.serial, 'result.serial');
  text(result.secretVersionId, 'result.secretVersionId');
  return { ...(result as unknown as BootstrapResult), material: reviveMaterial(result.material) };
}

/** A check report, dates revived. */
export function reviveCheck(raw: unknown): CheckReport {
  const r = record(record(raw, 'check').report, 'report');
  switch (r.outcome) {
    case 'unchanged':
      return { outcome: 'unchanged', checkedAt: date(r.checkedAt, 'checkedAt') };
    case 'rotated':
      return { outcome: 'rotated', checkedAt: date(r.checkedAt, 'checkedAt'), material: reviveMaterial(r.material) };
    case 'failed':
      return {
        outcome: 'failed',
        ...(r.checkedAt === undefined ? {} : { checkedAt: date(r.checkedAt, 'checkedAt') }),
        code: text(r.code, 'code'),
        message: text(r.message, 'message'),
      };
    default:
      throw malformed('outcome');
  }
}
