/** What this service keeps per region; plain JSON, persisted in the state file. */
export interface EcsState {}

export function initialEcsState(): EcsState {
  return {};
}
