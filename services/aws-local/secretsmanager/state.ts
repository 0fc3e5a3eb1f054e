/** What this service keeps per region; plain JSON, persisted in the state file. */
export interface SecretsManagerState {}

export function initialSecretsManagerState(): SecretsManagerState {
  return {};
}
