import t from 'tap';
import { awsCli, awsCliAvailable } from '../helpers/aws-cli.ts';
import { startTestAwsLocal } from '../helpers/aws-local.ts';

// AWS CLI v2 against aws-local's EventBridge: the commands an operator would
// type to wire ACM renewal events to the renewal Lambda, and their outputs.

const RENEWAL_PATTERN = JSON.stringify({
  source: ['aws.acm'],
  'detail-type': ['ACM Certificate Available'],
  detail: { Action: ['RENEWAL'] },
});
const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:renew-certificate';

/** The CLI's error line; it adds "(reached max retries: N)" when retries are configured. */
function cliError(type: string, operation: string, message: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `An error occurred \\(${type}\\) when calling the ${operation} operation( \\(reached max retries: \\d+\\))?: ${escape(message)}\n`,
  );
}

t.test(
  'events: rules, targets, events and patterns through the AWS CLI',
  { skip: !awsCliAvailable() && 'no AWS CLI v2 at /usr/bin/aws' },
  async (t) => {
    const local = await startTestAwsLocal(t);
    const aws = (...args: string[]) => awsCli(local.url, ['events', ...args]);

    const withPattern = await aws(
      'put-rule',
      '--name',
      'acm-renewal',
      '--event-pattern',
      RENEWAL_PATTERN,
      '--description',
      'ACM renewals',
    );
    t.equal(withPattern.exitCode, 0, withPattern.stderr);
    t.same(withPattern.json, { RuleArn: 'arn:aws:events:us-east-1:000000000000:rule/acm-renewal' });

    const scheduled = await aws(
      'put-rule',
      '--name',
      'reconcile-sweep',
      '--schedule-expression',
      'rate(1 hour)',
      '--state',
      'DISABLED',
    );
    t.equal(scheduled.exitCode, 0, scheduled.stderr);
    t.same(scheduled.json, { RuleArn: 'arn:aws:events:us-east-1:000000000000:rule/reconcile-sweep' });

    const described = await aws('describe-rule', '--name', 'acm-renewal');
    t.equal(described.exitCode, 0, described.stderr);
    t.same(described.json, {
      Name: 'acm-renewal',
      Arn: 'arn:aws:events:us-east-1:000000000000:rule/acm-renewal',
      EventPattern: RENEWAL_PATTERN,
      State: 'ENABLED',
      Description: 'ACM renewals',
      EventBusName: 'default',
      CreatedBy: '000000000000',
    });

    const listed = await aws('list-rules', '--name-prefix', 're');
    t.equal(listed.exitCode, 0, listed.stderr);
    t.same(
      listed.json.Rules.map((r: any) => [r.Name, r.State, r.ScheduleExpression ?? r.EventPattern]),
      [['reconcile-sweep', 'DISABLED', 'rate(1 hour)']],
    );
    const all = await aws('list-rules');
    t.same(
      all.json.Rules.map((r: any) => r.Name),
      ['acm-renewal', 'reconcile-sweep'],
    );

    const targets = await aws(
      'put-targets',
      '--rule',
      'acm-renewal',
      '--targets',
      JSON.stringify([
        { Id: 'renew', Arn: LAMBDA, RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 } },
        { Id: 'audit', Arn: LAMBDA, InputPath: '$.detail' },
      ]),
    );
    t.equal(targets.exitCode, 0, targets.stderr);
    t.same(targets.json, { FailedEntryCount: 0, FailedEntries: [] });

    const listedTargets = await aws('list-targets-by-rule', '--rule', 'acm-renewal');
    t.equal(listedTargets.exitCode, 0, listedTargets.stderr);
    t.same(listedTargets.json.Targets, [
      { Id: 'renew', Arn: LAMBDA, RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 } },
      { Id: 'audit', Arn: LAMBDA, InputPath: '$.detail' },
    ]);

    // The error case: a rule with targets cannot be deleted.
    const refused = await aws('delete-rule', '--name', 'acm-renewal');
    t.equal(refused.exitCode, 254);
    t.match(
      refused.stderr,
      cliError('ValidationException', 'DeleteRule', "Rule can't be deleted since it has targets."),
    );

    const missing = await aws('describe-rule', '--name', 'no-such-rule');
    t.equal(missing.exitCode, 254);
    t.match(
      missing.stderr,
      cliError('ResourceNotFoundException', 'DescribeRule', 'Rule no-such-rule does not exist on EventBus default.'),
    );

    const badPattern = await aws('put-rule', '--name', 'broken', '--event-pattern', '{"source": []}');
    t.equal(badPattern.exitCode, 254);
    t.match(
      badPattern.stderr,
      cliError(
        'InvalidEventPatternException',
        'PutRule',
        'Event pattern is not valid. Reason: Empty arrays are not allowed',
      ),
    );

    const put = await aws(
      'put-events',
      '--entries',
      JSON.stringify([
        { Source: 'pca-mtls.test', DetailType: 'Smoke', Detail: '{"ok": true}' },
        { Source: 'aws.acm', DetailType: 'ACM Certificate Available', Detail: '{"Action": "RENEWAL"}' },
      ]),
    );
    t.equal(put.exitCode, 0, put.stderr);
    t.equal(put.json.FailedEntryCount, 1);
    t.match(put.json.Entries[0], { EventId: /^[0-9a-f-]{36}$/ });
    t.same(put.json.Entries[1], {
      ErrorCode: 'NotAuthorizedForSourceException',
      ErrorMessage: 'Not authorized for the source.',
    });

    const event = JSON.stringify({
      version: '0',
      id: '9c95e8e4-96a4-ef3f-b739-b6aa5b193afb',
      'detail-type': 'ACM Certificate Available',
      source: 'aws.acm',
      account: '000000000000',
      time: '2026-03-01T09:12:44Z',
      region: 'us-east-1',
      resources: ['arn:aws:acm:us-east-1:000000000000:certificate/61f50cd4-45b9-4259-b049-d0a53682fa4b'],
      detail: { Action: 'RENEWAL', CertificateType: 'PRIVATE', DaysToExpiry: 395 },
    });
    const matched = await aws('test-event-pattern', '--event-pattern', RENEWAL_PATTERN, '--event', event);
    t.equal(matched.exitCode, 0, matched.stderr);
    t.same(matched.json, { Result: true });
    const notMatched = await aws(
      'test-event-pattern',
      '--event-pattern',
      RENEWAL_PATTERN,
      '--event',
      event.replace('RENEWAL', 'ISSUANCE'),
    );
    t.same(notMatched.json, { Result: false });

    const removed = await aws('remove-targets', '--rule', 'acm-renewal', '--ids', 'renew', 'audit');
    t.equal(removed.exitCode, 0, removed.stderr);
    t.same(removed.json, { FailedEntryCount: 0, FailedEntries: [] });

    const deleted = await aws('delete-rule', '--name', 'acm-renewal');
    t.equal(deleted.exitCode, 0, deleted.stderr);
    const gone = await aws('list-rules');
    t.same(
      gone.json.Rules.map((r: any) => r.Name),
      ['reconcile-sweep'],
    );
  },
);
