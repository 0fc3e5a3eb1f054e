/** What this service keeps per region; plain JSON, persisted in the state file. */
export interface EventsState {}

export function initialEventsState(): EventsState {
  return {};
}
