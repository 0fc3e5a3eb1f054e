import {
  DeleteRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import t from 'tap';
import { startTestAwsLocal, type Teardown } from '../../../helpers/aws-local.ts';

const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:renew-certificate';
const DLQ = 'arn:aws:sqs:us-east-1:000000000000:renew-dlq';

async function withRule(t: Teardown) {
  const local = await startTestAwsLocal(t);
  const events = new EventBridgeClient(local.clientConfig);
  await events.send(new PutRuleCommand({ Name: 'renew', EventPattern: '{"source":["aws.acm"]}' }));
  return events;
}

t.test('PutTargets stores targets with their options; ListTargetsByRule returns them', async (t) => {
  const events = await withRule(t);
  const put = await events.send(
    new PutTargetsCommand({
      Rule: 'renew',
      Targets: [
        {
          Id: 'renew-fn',
          Arn: LAMBDA,
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
          DeadLetterConfig: { Arn: DLQ },
        },
        { Id: 'with-input', Arn: LAMBDA, Input: '{"mode":"sweep"}' },
        { Id: 'with-path', Arn: LAMBDA, InputPath: '$.detail' },
        {
          Id: 'with-transformer',
          Arn: LAMBDA,
          InputTransformer: {
            InputPathsMap: { cert: '$.resources[0]' },
            InputTemplate: '{"certificateArn": <cert>, "rule": <aws.events.rule-name>}',
          },
        },
      ],
    }),
  );
  t.same([put.FailedEntryCount, put.FailedEntries], [0, []]);
  const listed = await events.send(new ListTargetsByRuleCommand({ Rule: 'renew' }));
  t.same(listed.Targets, [
    {
      Id: 'renew-fn',
      Arn: LAMBDA,
      RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      DeadLetterConfig: { Arn: DLQ },
    },
    { Id: 'with-input', Arn: LAMBDA, Input: '{"mode":"sweep"}' },
    { Id: 'with-path', Arn: LAMBDA, InputPath: '$.detail' },
    {
      Id: 'with-transformer',
      Arn: LAMBDA,
      InputTransformer: {
        InputPathsMap: { cert: '$.resources[0]' },
        InputTemplate: '{"certificateArn": <cert>, "rule": <aws.events.rule-name>}',
      },
    },
  ]);
});

t.test('PutTargets with a known Id replaces that target in place', async (t) => {
  const events = await withRule(t);
  await events.send(
    new PutTargetsCommand({
      Rule: 'renew',
      Targets: [
        { Id: 'a', Arn: LAMBDA },
        { Id: 'b', Arn: LAMBDA },
      ],
    }),
  );
  await events.send(new PutTargetsCommand({ Rule: 'renew', Targets: [{ Id: 'a', Arn: `${LAMBDA}-v2` }] }));
  const listed = await events.send(new ListTargetsByRuleCommand({ Rule: 'renew' }));
  t.same(
    listed.Targets?.map((x) => [x.Id, x.Arn]),
    [
      ['a', `${LAMBDA}-v2`],
      ['b', LAMBDA],
    ],
  );
});

t.test('a rule holds at most five targets: LimitExceededException, nothing added', async (t) => {
  const events = await withRule(t);
  const five = Array.from({ length: 5 }, (_, i) => ({ Id: `t${i}`, Arn: LAMBDA }));
  await events.send(new PutTargetsCommand({ Rule: 'renew', Targets: five }));
  await t.rejects(events.send(new PutTargetsCommand({ Rule: 'renew', Targets: [{ Id: 't5', Arn: LAMBDA }] })), {
    name: 'LimitExceededException',
    message: 'The requested resource exceeds the maximum number allowed.',
  });
  await events.send(new PutTargetsCommand({ Rule: 'renew', Targets: [{ Id: 't4', Arn: `${LAMBDA}-v2` }] }));
  t.pass('replacing one of the five is fine');
  const listed = await events.send(new ListTargetsByRuleCommand({ Rule: 'renew' }));
  t.equal(listed.Targets?.length, 5);
});

t.test('PutTargets validation errors', async (t) => {
  const events = await withRule(t);
  await t.rejects(events.send(new PutTargetsCommand({ Rule: 'nope', Targets: [{ Id: 'a', Arn: LAMBDA }] })), {
    name: 'ResourceNotFoundException',
    message: 'Rule nope does not exist on EventBus default.',
  });
  await t.rejects(
    events.send(
      new PutTargetsCommand({ Rule: 'renew', Targets: [{ Id: 'a', Arn: LAMBDA, Input: '{}', InputPath: '$.detail' }] }),
    ),
    {
      name: 'ValidationException',
      message: 'Only one of Input, InputPath, or InputTransformer must be provided for target a.',
    },
  );
  await t.rejects(
    events.send(
      new PutTargetsCommand({
        Rule: 'renew',
        Targets: [{ Id: 'a', Arn: LAMBDA, InputTransformer: { InputTemplate: '"<missing>"' } }],
      }),
    ),
    { name: 'ValidationException', message: 'InputTemplate for target a contains invalid placeholder missing.' },
  );
  await t.rejects(
    events.send(new PutTargetsCommand({ Rule: 'renew', Targets: [{ Id: 'a', Arn: LAMBDA, Input: '{not json' }] })),
    {
      name: 'ValidationException',
    },
  );
  await t.rejects(events.send(new PutTargetsCommand({ Rule: 'renew', Targets: [{ Id: '!@#$@!#$', Arn: LAMBDA }] })), {
    name: 'ValidationException',
    message:
      "1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
  });
  await t.rejects(
    events.send(
      new PutTargetsCommand({
        Rule: 'renew',
        Targets: [{ Id: 'a', Arn: LAMBDA, RetryPolicy: { MaximumRetryAttempts: 186 } }],
      }),
    ),
    { name: 'ValidationException', message: /targets\.1\.member\.retryPolicy\.maximumRetryAttempts/ },
  );
  const listed = await events.send(new ListTargetsByRuleCommand({ Rule: 'renew' }));
  t.same(listed.Targets, [], 'nothing was added by the failed calls');
});

t.test('ListTargetsByRule pages with Limit and NextToken', async (t) => {
  const events = await withRule(t);
  await events.send(
    new PutTargetsCommand({ Rule: 'renew', Targets: ['a', 'b', 'c'].map((Id) => ({ Id, Arn: LAMBDA })) }),
  );
  const first = await events.send(new ListTargetsByRuleCommand({ Rule: 'renew', Limit: 2 }));
  t.same(
    first.Targets?.map((x) => x.Id),
    ['a', 'b'],
  );
  const second = await events.send(
    new ListTargetsByRuleCommand({ Rule: 'renew', Limit: 2, NextToken: first.NextToken }),
  );
  t.same(
    second.Targets?.map((x) => x.Id),
    ['c'],
  );
  t.equal(second.NextToken, undefined);
  await t.rejects(events.send(new ListTargetsByRuleCommand({ Rule: 'nope' })), { name: 'ResourceNotFoundException' });
});

t.test('RemoveTargets removes known ids and reports unknown ones as failed entries', async (t) => {
  const events = await withRule(t);
  await events.send(
    new PutTargetsCommand({
      Rule: 'renew',
      Targets: [
        { Id: 'a', Arn: LAMBDA },
        { Id: 'b', Arn: LAMBDA },
      ],
    }),
  );
  const removed = await events.send(new RemoveTargetsCommand({ Rule: 'renew', Ids: ['a', 'ghost'] }));
  t.equal(removed.FailedEntryCount, 1);
  t.same(removed.FailedEntries, [
    {
      TargetId: 'ghost',
      ErrorCode: 'ResourceNotFoundException',
      ErrorMessage: "Rule 'renew' does not have a target with the Id 'ghost'.",
    },
  ]);
  t.same(
    (await events.send(new ListTargetsByRuleCommand({ Rule: 'renew' }))).Targets?.map((x) => x.Id),
    ['b'],
  );

  await events.send(new RemoveTargetsCommand({ Rule: 'renew', Ids: ['b'] }));
  await events.send(new DeleteRuleCommand({ Name: 'renew' }));
  t.pass('the rule can be deleted once its targets are gone');
  await t.rejects(events.send(new RemoveTargetsCommand({ Rule: 'renew', Ids: ['b'] })), {
    name: 'ResourceNotFoundException',
  });
});
