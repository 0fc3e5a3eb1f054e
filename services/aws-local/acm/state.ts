/** What this service keeps per region; plain JSON, persisted in the state file. */
export interface AcmState {}

export function initialAcmState(): AcmState {
  return {};
}
