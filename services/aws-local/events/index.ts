import { defineService } from '../protocol/service.js';
import { initialEventsState, type EventsState } from './state.js';

/** Amazon EventBridge (default event bus: rules, targets, events). */
export const eventsService = defineService<EventsState>({
  id: 'events',
  targetPrefix: 'AWSEvents',
  initialState: initialEventsState,
  operations: {},
});
