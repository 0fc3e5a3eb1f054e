import t from 'tap';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { App } from 'aws-cdk-lib';
import { PcaMtlsStack } from '../../infra/pca-mtls-stack.ts';
import { RENEWAL_RULES } from '../../infra/rules/renewal-rules.ts';
import { RENEW_TIMEOUT } from '../../infra/constructs/pca-mtls-functions.ts';
import { ACM_EXPORT_CERTIFICATE_QUOTA_PER_SECOND, QUEUE_MAX_CONCURRENCY } from '../../infra/rules/renewal-queue.ts';
import { parseRenewalOptions } from '../../lib/renewal/renewal-options.ts';
import { stackPropsFromContext } from '../../infra/app-config.ts';
import {
  resource,
  resourcesOfType,
  tempDir,
  stubLambdaBundles,
  synthPcaMtls,
  TEST_CA_ARN,
} from '../helpers/cdk-synth.ts';

// Loading aws-cdk-lib and synthesizing take minutes on a loaded 2-core machine (seconds on an idle one):
// a generous bound that only proves nothing hangs.
t.setTimeout(300_000);

const bundles = stubLambdaBundles(t);
// One synth for the default stack (CA ARNs as a deploy-time parameter) and one with every prop set.
const byParameter = synthPcaMtls(bundles, tempDir(t));
const template = Template.fromJSON(byParameter.template);
const explicit = synthPcaMtls(bundles, tempDir(t), {
  certificateAuthorityArns: [TEST_CA_ARN],
  ecsClusterNames: ['mesh'],
  secretNamePrefix: 'mtls/',
  alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:pca-mtls-alarms',
  renewalOptions: { renewWaitMs: 30_000 },
});
const explicitTemplate = Template.fromJSON(explicit.template);

t.test(
  'both functions: nodejs24.x on arm64 from the built bundles, fixed names, log groups with retention',
  async (t) => {
    for (const name of ['pca-mtls-export', 'pca-mtls-renew']) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: name,
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: Match.anyValue() },
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/lambda/${name}`,
        RetentionInDays: 90,
      });
    }
    const runtimes = resourcesOfType(byParameter.template, 'AWS::Lambda::Function').map(
      ([, r]) => r.Properties!.Runtime,
    );
    t.same(runtimes, ['nodejs24.x', 'nodejs24.x'], 'every function in the template is nodejs24.x');
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'pca-mtls-renew',
      ReservedConcurrentExecutions: 5,
    });
    explicitTemplate.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'pca-mtls-renew',
      Environment: { Variables: { PCA_MTLS_RENEW_WAIT_MS: '30000' } },
    });
    // Each instance the queue runs gets its share of the ExportCertificate quota, whatever else is tuned.
    const share = ACM_EXPORT_CERTIFICATE_QUOTA_PER_SECOND / QUEUE_MAX_CONCURRENCY;
    for (const tpl of [template, explicitTemplate]) {
      tpl.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'pca-mtls-renew',
        Environment: { Variables: { PCA_MTLS_EXPORT_RATE_PER_SECOND: String(share) } },
      });
    }
    t.equal(share, 2.5, "ACM's default quota 5/s over the mapping's 2 instances");
    t.equal(
      parseRenewalOptions({ exportRatePerSecond: String(share) }).exportRatePerSecond,
      share,
      'the function accepts it',
    );
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: QUEUE_MAX_CONCURRENCY },
    });
    const assets = resourcesOfType(byParameter.template, 'AWS::Lambda::Function').map(
      ([, r]) => (r as { Metadata?: Record<string, string> }).Metadata?.['aws:asset:path'],
    );
    t.equal(assets.length, 2);
  },
);

t.test('asynchronous failures go to the encrypted DLQ', async (t) => {
  for (const fn of ['ExportFunction', 'RenewFunction']) {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fn },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['FailedInvocationsDlq', 'Arn'] } } },
    });
  }
  template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
  t.pass();
});

t.test(
  'the KMS key: rotation on, writers through Secrets Manager only, everyone else decrypt-only via Secrets Manager',
  async (t) => {
    const via = {
      StringEquals: Match.objectLike({
        'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
      }),
    };
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'WritersEncryptThroughSecretsManager',
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Principal: {
              AWS: [{ 'Fn::GetAtt': ['ExportFunctionRole', 'Arn'] }, { 'Fn::GetAtt': ['RenewFunctionRole', 'Arn'] }],
            },
            Condition: via,
          }),
          Match.objectLike({
            Sid: 'AccountPrincipalsDecryptThroughSecretsManager',
            Action: ['kms:Decrypt', 'kms:DescribeKey'],
            Condition: via,
          }),
        ]),
      },
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/pca-mtls' });
    const statements = resource(byParameter.template, 'SecretsKey').KeyPolicy.Statement as {
      Sid: string;
      Action: string[];
      Condition?: unknown;
    }[];
    const unconditionalData = statements.filter(
      (s) => s.Condition === undefined && s.Action.some((a) => /Decrypt|GenerateDataKey|Encrypt/.test(a)),
    );
    t.same(unconditionalData, [], 'no statement allows data use outside Secrets Manager');
  },
);

t.test(
  'ACM events: the rule of infra/rules → encrypted queue (policy bound to the rule) → renew function',
  async (t) => {
    const events = RENEWAL_RULES.find((rule) => rule.eventPattern);
    const sweep = RENEWAL_RULES.find((rule) => rule.scheduleExpression);
    if (!events || !sweep) throw new Error('infra/rules has an event rule and a schedule');
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: events.name,
      EventPattern: events.eventPattern,
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': ['RenewalEventsQueue', 'Arn'] }, DeadLetterConfig: Match.anyValue() }),
      ],
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: 'RenewalEventsQueue' }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['sqs:SendMessage']),
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['PcaMtlsAcmEventsRule', 'Arn'] } } },
          }),
        ]),
      },
    });
    const queue = resource(byParameter.template, 'RenewalEventsQueue');
    t.ok(queue.VisibilityTimeout >= 6 * RENEW_TIMEOUT.toSeconds(), 'visibility timeout ≥ 6 × function timeout');
    t.equal(queue.SqsManagedSseEnabled, true);
    t.same(queue.RedrivePolicy, {
      deadLetterTargetArn: { 'Fn::GetAtt': ['RenewalEventsDlq', 'Arn'] },
      maxReceiveCount: 5,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: 'RenewFunction' },
      EventSourceArn: { 'Fn::GetAtt': ['RenewalEventsQueue', 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: sweep.name,
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': ['RenewFunction', 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': ['PcaMtlsReconcileSweepRule', 'Arn'] },
    });
    template.resourceCountIs('AWS::Events::Rule', RENEWAL_RULES.length);
  },
);

t.test('alarms on renewal failures, function errors and throttles, DLQ depth; a dashboard', async (t) => {
  for (const field of ['RenewalFailures', 'RenewalActionRequired', 'CertificateExpired']) {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: 'RenewFunctionLogGroup' },
      FilterPattern: `{ $.${field} >= 0 }`,
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'pca-mtls', MetricValue: `$.${field}` })],
    });
  }
  const alarms = Object.keys(byParameter.template.Resources).filter(
    (id) => byParameter.template.Resources[id]?.Type === 'AWS::CloudWatch::Alarm',
  );
  t.same(alarms.sort(), [
    'CertificateExpiredAlarm',
    'EventsDlqDepthAlarm',
    'ExportErrorsAlarm',
    'ExportThrottlesAlarm',
    'FailureDlqDepthAlarm',
    'RenewErrorsAlarm',
    'RenewThrottlesAlarm',
    'RenewalActionRequiredAlarm',
    'RenewalFailuresAlarm',
  ]);
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: Match.absent() });
  explicitTemplate.allResourcesProperties('AWS::CloudWatch::Alarm', {
    AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:pca-mtls-alarms'],
  });
  template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
});

t.test(
  'CA ARNs: a deploy-time parameter by default, the given list otherwise; the trust bundle follows them',
  async (t) => {
    t.same(byParameter.template.Parameters?.CertificateAuthorityArns, {
      Type: 'CommaDelimitedList',
      Description: 'The Private CA ARNs pca-mtls may issue from (comma-separated)',
    });
    t.equal(explicit.template.Parameters?.CertificateAuthorityArns, undefined);
    explicitTemplate.hasResourceProperties('Custom::PcaMtlsTrustBundle', {
      ServiceToken: { 'Fn::GetAtt': ['ExportFunction', 'Arn'] },
      Kind: 'TrustBundle',
      CaArns: [TEST_CA_ARN],
      SecretId: 'mtls/trust',
    });
  },
);

t.test('settings from CDK context', async (t) => {
  const props = stackPropsFromContext(
    (key) =>
      ({
        'pca-mtls:caArns': `${TEST_CA_ARN}, ${TEST_CA_ARN}`,
        'pca-mtls:ecsClusterNames': ['a', 'b'],
        'pca-mtls:secretNamePrefix': 'x/',
      })[key],
  );
  t.same(props.certificateAuthorityArns, [TEST_CA_ARN, TEST_CA_ARN]);
  t.same(props.ecsClusterNames, ['a', 'b']);
  t.equal(props.secretNamePrefix, 'x/');
  t.equal(props.alarmTopicArn, undefined);
});

t.test('synth fails with a clear message when npm run build has not run', async (t) => {
  const app = new App({ outdir: tempDir(t) });
  t.throws(() => new PcaMtlsStack(app, 'Missing', { lambdaBundleDir: tempDir(t) }), {
    code: 'LAMBDA_BUNDLE_MISSING',
    message: /export-certificate\/index\.mjs does not exist: run `npm run build` first/,
  });
});

t.test('props are validated at synth, naming the prop', async (t) => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ certificateAuthorityArns: [] }, /prop 'certificateAuthorityArns' must name at least one/],
    [{ certificateAuthorityArns: ['arn:aws:acm:eu-west-1:1:certificate/x'] }, /prop 'certificateAuthorityArns' has/],
    [{ secretNamePrefix: 'no-slash' }, /prop 'secretNamePrefix' must be a secret name path ending in '\/'/],
    [{ ecsClusterNames: ['bad name'] }, /prop 'ecsClusterNames'/],
    [{ renewReservedConcurrency: 2 }, /prop 'renewReservedConcurrency' must be a whole number from 3 to 100/],
    [{ renewalOptions: { nope: 1 } }, /prop 'renewalOptions.nope' is not a renewal option/],
  ];
  for (const [props, message] of cases) {
    const app = new App({ outdir: tempDir(t) });
    t.throws(() => new PcaMtlsStack(app, 'Bad', { lambdaBundleDir: bundles, ...props }), {
      code: 'INVALID_PROPS',
      message,
    });
  }
});
