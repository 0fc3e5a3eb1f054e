import { defineService } from '../protocol/service.js';
import { eventsAuthorization } from './authorization.js';
import DeleteRule from './operations/DeleteRule.js';
import DescribeRule from './operations/DescribeRule.js';
import DisableRule from './operations/DisableRule.js';
import EnableRule from './operations/EnableRule.js';
import ListRules from './operations/ListRules.js';
import ListTargetsByRule from './operations/ListTargetsByRule.js';
import PutEvents from './operations/PutEvents.js';
import PutRule from './operations/PutRule.js';
import PutTargets from './operations/PutTargets.js';
import RemoveTargets from './operations/RemoveTargets.js';
import TestEventPattern from './operations/TestEventPattern.js';
import { initialEventsState, type EventsState } from './state.js';

/** Amazon EventBridge (default event bus: rules, targets, events). */
export const eventsService = defineService<EventsState>({
  id: 'events',
  targetPrefix: 'AWSEvents',
  initialState: initialEventsState,
  authorization: eventsAuthorization,
  operations: {
    PutRule,
    DescribeRule,
    ListRules,
    DeleteRule,
    EnableRule,
    DisableRule,
    PutTargets,
    ListTargetsByRule,
    RemoveTargets,
    PutEvents,
    TestEventPattern,
  },
});
