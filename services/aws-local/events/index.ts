import { defineService } from '../protocol/service.ts';
import { eventsAuthorization } from './authorization.ts';
import DeleteRule from './operations/DeleteRule.ts';
import DescribeRule from './operations/DescribeRule.ts';
import DisableRule from './operations/DisableRule.ts';
import EnableRule from './operations/EnableRule.ts';
import ListRules from './operations/ListRules.ts';
import ListTargetsByRule from './operations/ListTargetsByRule.ts';
import PutEvents from './operations/PutEvents.ts';
import PutRule from './operations/PutRule.ts';
import PutTargets from './operations/PutTargets.ts';
import RemoveTargets from './operations/RemoveTargets.ts';
import TestEventPattern from './operations/TestEventPattern.ts';
import { initialEventsState, type EventsState } from './state.ts';

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
