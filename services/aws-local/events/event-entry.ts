/**
 * PutEvents' per-entry checks. A bad entry fails alone (ErrorCode and
 * ErrorMessage in its result slot); the other entries are still accepted.
 */

export interface PutEventsEntry {
  Time?: Date;
  Source?: string;
  Resources?: string[];
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  TraceHeader?: string;
}

export interface EntryFailure {
  ErrorCode: string;
  ErrorMessage: string;
}

export type CheckedEntry =
  | { ok: true; source: string; detailType: string; detail: Record<string, unknown> }
  | { ok: false; failure: EntryFailure };

/** The size EventBridge charges an entry against the 256 KB request limit. */
export function entrySize(entry: PutEventsEntry): number {
  const bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  return (
    (entry.Time ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + bytes(resource), 0)
  );
}

export const MAX_REQUEST_SIZE = 256 * 1024;

export function checkEntry(entry: PutEventsEntry): CheckedEntry {
  for (const member of ['Source', 'DetailType', 'Detail'] as const) {
    if (!entry[member]) {
      return fail('InvalidArgument', `Parameter ${member} is not valid. Reason: ${member} is a required argument.`);
    }
  }
  // Only AWS services publish `aws.*` events; callers get this, per entry.
  if (entry.Source!.startsWith('aws.'))
    return fail('NotAuthorizedForSourceException', 'Not authorized for the source.');
  const detail = parseDetail(entry.Detail!);
  if (!detail) return fail('MalformedDetail', 'Detail is malformed.');
  return { ok: true, source: entry.Source!, detailType: entry.DetailType!, detail };
}

/** Detail must be a JSON object: arrays, strings and numbers are malformed too. */
function parseDetail(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function fail(ErrorCode: string, ErrorMessage: string): CheckedEntry {
  return { ok: false, failure: { ErrorCode, ErrorMessage } };
}
