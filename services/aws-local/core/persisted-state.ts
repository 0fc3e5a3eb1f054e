/** What `--state-dir` holds: every service's resources, per region, plus the clock. */
export interface PersistedState {
  clockOffsetMs: number;
  regions: Record<string, Record<string, unknown>>;
}

export function emptyState(): PersistedState {
  return { clockOffsetMs: 0, regions: {} };
}
