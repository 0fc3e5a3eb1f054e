/** What this service keeps per region; plain JSON, persisted in the state file. */
export interface AcmPcaState {}

export function initialAcmPcaState(): AcmPcaState {
  return {};
}
