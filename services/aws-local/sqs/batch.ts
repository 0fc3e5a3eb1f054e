/**
 * The batch calls' common rules (1 to 10 entries, distinct ids of up to 80
 * letters, digits, hyphens and underscores) and their per-entry outcomes:
 * an entry that fails is reported in `Failed` without failing the others.
 */
import { AwsError } from '../core/aws-error.ts';
import { sqsErrors } from './errors.ts';

export const MAX_BATCH_ENTRIES = 10;
const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

export function checkBatchEntries(entries: readonly { Id: string }[]): void {
  if (entries.length === 0) throw sqsErrors.emptyBatch();
  if (entries.length > MAX_BATCH_ENTRIES) throw sqsErrors.tooManyEntries(entries.length);
  const seen = new Set<string>();
  for (const { Id } of entries) {
    if (!ENTRY_ID.test(Id)) throw sqsErrors.invalidBatchEntryId();
    if (seen.has(Id)) throw sqsErrors.idsNotDistinct(Id);
    seen.add(Id);
  }
}

export interface BatchFailure {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

/** Runs `work` per entry; AwsErrors become that entry's failure, anything else is the emulator's bug. */
export function perEntry<E extends { Id: string }, R>(
  entries: readonly E[],
  work: (entry: E) => R,
): { Successful: R[]; Failed: BatchFailure[] } {
  const Successful: R[] = [];
  const Failed: BatchFailure[] = [];
  for (const entry of entries) {
    try {
      Successful.push(work(entry));
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      Failed.push({
        Id: entry.Id,
        SenderFault: err.statusCode < 500,
        Code: err.queryCode ?? err.type,
        Message: err.message,
      });
    }
  }
  return { Successful, Failed };
}
