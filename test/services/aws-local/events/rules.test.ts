import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import t from 'tap';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';

const RENEWAL_PATTERN = JSON.stringify({
  source: ['aws.acm'],
  'detail-type': ['ACM Certificate Available'],
  detail: { Action: ['RENEWAL'] },
});

async function client(t: Teardown) {
  const local = await startTestAwsLocal(t);
  return new EventBridgeClient(local.clientConfig);
}

t.test('PutRule creates a rule that DescribeRule and ListRules show', async (t) => {
  const events = await client(t);
  const put = await events.send(
    new PutRuleCommand({
      Name: 'acm-renewal',
      EventPattern: RENEWAL_PATTERN,
      Description: 'renewals',
      Tags: [{ Key: 'app', Value: 'pca-mtls' }],
    }),
  );
  t.equal(put.RuleArn, 'arn:aws:events:us-east-1:000000000000:rule/acm-renewal');

  const described = await events.send(new DescribeRuleCommand({ Name: 'acm-renewal' }));
  t.match(described, {
    Name: 'acm-renewal',
    Arn: put.RuleArn,
    EventPattern: RENEWAL_PATTERN,
    State: 'ENABLED',
    Description: 'renewals',
    EventBusName: 'default',
    CreatedBy: '000000000000',
  });
  t.equal(described.ScheduleExpression, undefined);

  const listed = await events.send(new ListRulesCommand({}));
  t.same(
    listed.Rules?.map((r) => [r.Name, r.State, r.EventBusName]),
    [['acm-renewal', 'ENABLED', 'default']],
  );
});

t.test('schedule expressions: rate and cron are stored, invalid ones are ValidationException', async (t) => {
  const events = await client(t);
  await events.send(new PutRuleCommand({ Name: 'sweep', ScheduleExpression: 'rate(5 minutes)', State: 'DISABLED' }));
  await events.send(new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'cron(0 2 ? * MON-FRI *)' }));
  t.match(await events.send(new DescribeRuleCommand({ Name: 'sweep' })), {
    ScheduleExpression: 'rate(5 minutes)',
    State: 'DISABLED',
  });
  t.match(await events.send(new DescribeRuleCommand({ Name: 'nightly' })), {
    ScheduleExpression: 'cron(0 2 ? * MON-FRI *)',
  });

  for (const bad of [
    'rate(1 minutes)',
    'rate(5 minute)',
    'rate(0 minutes)',
    'rate(10 seconds)',
    'cron(0 1 * * * *)',
    'cron(71 8 1 * ? *)',
    'every day',
  ]) {
    await t.rejects(
      events.send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: bad })),
      { name: 'ValidationException', message: 'Parameter ScheduleExpression is not valid.' },
      bad,
    );
  }
  await t.rejects(
    events.send(new DescribeRuleCommand({ Name: 'bad' })),
    { name: 'ResourceNotFoundException' },
    'nothing was created',
  );
});

t.test('PutRule errors: no pattern nor schedule, invalid pattern, unknown bus, bad name', async (t) => {
  const events = await client(t);
  await t.rejects(events.send(new PutRuleCommand({ Name: 'empty' })), {
    name: 'ValidationException',
    message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.',
  });
  await t.rejects(events.send(new PutRuleCommand({ Name: 'p', EventPattern: '{"source": "aws.acm"}' })), {
    name: 'InvalidEventPatternException',
    message: 'Event pattern is not valid. Reason: "source" must be an object or an array',
  });
  await t.rejects(
    events.send(new PutRuleCommand({ Name: 'p', EventPattern: '{"detail": {"n": [{"numeric": [">", "x"]}]}}' })),
    {
      name: 'InvalidEventPatternException',
      message: 'Event pattern is not valid. Reason: Value of > must be numeric',
    },
  );
  await t.rejects(
    events.send(new PutRuleCommand({ Name: 'p', EventPattern: RENEWAL_PATTERN, EventBusName: 'orders' })),
    {
      name: 'ResourceNotFoundException',
      message: 'Event bus orders does not exist.',
    },
  );
  await t.rejects(events.send(new PutRuleCommand({ Name: 'no spaces', EventPattern: RENEWAL_PATTERN })), {
    name: 'ValidationException',
    message:
      "1 validation error detected: Value 'no spaces' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
  });
  const ok = await events.send(
    new PutRuleCommand({
      Name: 'by-arn',
      EventPattern: RENEWAL_PATTERN,
      EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/default',
    }),
  );
  t.equal(ok.RuleArn, 'arn:aws:events:us-east-1:000000000000:rule/by-arn', 'the default bus by ARN');
});

t.test('PutRule on an existing rule replaces it and keeps its targets', async (t) => {
  const events = await client(t);
  await events.send(new PutRuleCommand({ Name: 'r', EventPattern: RENEWAL_PATTERN, Description: 'first' }));
  await events.send(
    new PutTargetsCommand({
      Rule: 'r',
      Targets: [{ Id: 'fn', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:renew' }],
    }),
  );
  await events.send(new PutRuleCommand({ Name: 'r', ScheduleExpression: 'rate(1 hour)' }));
  const described = await events.send(new DescribeRuleCommand({ Name: 'r' }));
  t.equal(described.ScheduleExpression, 'rate(1 hour)');
  t.equal(described.EventPattern, undefined, 'omitted members are cleared');
  t.equal(described.Description, undefined);
  await t.rejects(events.send(new DeleteRuleCommand({ Name: 'r' })), {
    message: "Rule can't be deleted since it has targets.",
  });
});

t.test('ListRules filters by NamePrefix and pages with Limit and NextToken', async (t) => {
  const events = await client(t);
  for (const name of ['renew-c', 'renew-a', 'sweep', 'renew-b']) {
    await events.send(new PutRuleCommand({ Name: name, EventPattern: RENEWAL_PATTERN }));
  }
  const first = await events.send(new ListRulesCommand({ NamePrefix: 'renew-', Limit: 2 }));
  t.same(
    first.Rules?.map((r) => r.Name),
    ['renew-a', 'renew-b'],
  );
  t.type(first.NextToken, 'string');
  const second = await events.send(
    new ListRulesCommand({ NamePrefix: 'renew-', Limit: 2, NextToken: first.NextToken }),
  );
  t.same(
    second.Rules?.map((r) => r.Name),
    ['renew-c'],
  );
  t.equal(second.NextToken, undefined);
  const all = await events.send(new ListRulesCommand({}));
  t.same(
    all.Rules?.map((r) => r.Name),
    ['renew-a', 'renew-b', 'renew-c', 'sweep'],
  );
  await t.rejects(events.send(new ListRulesCommand({ NextToken: 'garbage' })), { name: 'ValidationException' });
});

t.test('EnableRule and DisableRule flip State; unknown rules are ResourceNotFoundException', async (t) => {
  const events = await client(t);
  await events.send(new PutRuleCommand({ Name: 'r', EventPattern: RENEWAL_PATTERN }));
  await events.send(new DisableRuleCommand({ Name: 'r' }));
  t.equal((await events.send(new DescribeRuleCommand({ Name: 'r' }))).State, 'DISABLED');
  await events.send(new EnableRuleCommand({ Name: 'r' }));
  t.equal((await events.send(new DescribeRuleCommand({ Name: 'r' }))).State, 'ENABLED');
  for (const command of [
    new EnableRuleCommand({ Name: 'nope' }),
    new DisableRuleCommand({ Name: 'nope' }),
    new DescribeRuleCommand({ Name: 'nope' }),
  ]) {
    await t.rejects(events.send(command as any), {
      name: 'ResourceNotFoundException',
      message: 'Rule nope does not exist on EventBus default.',
    });
  }
});

t.test('DeleteRule removes a rule, is idempotent, and refuses rules with targets', async (t) => {
  const events = await client(t);
  await events.send(new PutRuleCommand({ Name: 'r', EventPattern: RENEWAL_PATTERN }));
  await events.send(new DeleteRuleCommand({ Name: 'r' }));
  await t.rejects(events.send(new DescribeRuleCommand({ Name: 'r' })), { name: 'ResourceNotFoundException' });
  await events.send(new DeleteRuleCommand({ Name: 'r' }));
  t.pass('deleting it again succeeds');
  await t.rejects(events.send(new DeleteRuleCommand({ Name: 'r', EventBusName: 'other' })), {
    name: 'ResourceNotFoundException',
    message: 'Event bus other does not exist.',
  });
});

t.test('rules survive a restart (state is persisted)', async (t) => {
  const first = await startTestAwsLocal(t);
  await new EventBridgeClient(first.clientConfig).send(
    new PutRuleCommand({ Name: 'kept', EventPattern: RENEWAL_PATTERN }),
  );
  await first.close();
  const second = await startTestAwsLocal(t, { stateDir: first.stateDir });
  const described = await new EventBridgeClient(second.clientConfig).send(new DescribeRuleCommand({ Name: 'kept' }));
  t.equal(described.EventPattern, RENEWAL_PATTERN);
});
