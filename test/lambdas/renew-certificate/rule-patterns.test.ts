import { EventBridgeClient, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import t from 'tap';
import { RENEWAL_RULES, ruleInstallInputs } from '../../../infra/rules/renewal-rules.ts';
import { startTestAwsLocal } from '../../helpers/aws-local.ts';
import {
  ACM_APPROACHING_EXPIRATION,
  acmCertificateAvailable,
} from '../../services/aws-local/events/fixtures/acm-events.ts';
import { nth } from '../../helpers/present.ts';

// The documented samples ("Amazon EventBridge support for ACM", ACM User Guide), with concrete values
// in place of the guide's placeholders.
const envelope = (detailType: string, detail: object, source = 'aws.acm') => ({
  version: '0',
  id: '9c95e8e4-96a4-ef3f-b739-b6aa5b193afb',
  'detail-type': detailType,
  source,
  account: '123456789012',
  time: '2019-12-22T18:43:48Z',
  region: 'us-east-1',
  resources: ['arn:aws:acm:us-east-1:123456789012:certificate/61f50cd4-45b9-4259-b049-d0a53682fa4b'],
  detail,
});

const EXPIRED = envelope('ACM Certificate Expired', {
  CertificateType: 'PRIVATE',
  CommonName: 'example.com',
  DomainValidationMethod: 'DNS',
  CertificateCreatedDate: '2018-12-22T18:43:48Z',
  CertificateExpirationDate: '2019-12-22T18:43:48Z',
  InUse: false,
  Exported: true,
});
const ACTION_REQUIRED = envelope('ACM Certificate Renewal Action Required', {
  CertificateType: 'PRIVATE',
  CommonName: 'example.com',
  DomainValidationMethod: 'DNS',
  RenewalStatusReason: 'PCA_INVALID_STATE',
  DaysToExpiry: 30,
  CertificateExpirationDate: '2019-12-22T18:43:48Z',
  InUse: false,
  Exported: true,
});
const REVOKED = envelope('ACM Certificate Revoked', {
  CertificateType: 'PRIVATE',
  CommonName: 'example.com',
  CertificateExpirationDate: '2019-12-22T18:43:48Z',
  Exportable: true,
});
const HEALTH = {
  ...envelope(
    'AWS Health Event',
    { service: 'ACM', eventTypeCategory: 'scheduledChange', eventTypeCode: 'AWS_ACM_RENEWAL_STATE_CHANGE' },
    'aws.health',
  ),
};
const SCHEDULED = {
  ...envelope('Scheduled Event', {}, 'aws.events'),
  resources: ['arn:aws:events:us-east-1:123456789012:rule/pca-mtls-reconcile-sweep'],
};
const LOOKALIKE = { ...acmCertificateAvailable('RENEWAL'), source: 'custom.acm' };

t.test(
  'the ACM event rule matches the documented events renewal needs, and nothing else (TestEventPattern)',
  async (t) => {
    const local = await startTestAwsLocal(t, { tickIntervalMs: 0 });
    const client = new EventBridgeClient(local.clientConfig);
    const eventRule = nth(ruleInstallInputs('us-east-1', '000000000000'), 0, 'the rule inputs');
    t.equal(eventRule.putRule.Name, 'pca-mtls-acm-events');
    const matches = async (event: object) =>
      (
        await client.send(
          new TestEventPatternCommand({ EventPattern: eventRule.putRule.EventPattern!, Event: JSON.stringify(event) }),
        )
      ).Result;

    const must: [string, object][] = [
      ['ACM Certificate Available, Action RENEWAL', acmCertificateAvailable('RENEWAL')],
      ['ACM Certificate Approaching Expiration (the documented sample)', ACM_APPROACHING_EXPIRATION],
      ['ACM Certificate Renewal Action Required', ACTION_REQUIRED],
      ['ACM Certificate Expired', EXPIRED],
    ];
    const mustNot: [string, object][] = [
      ['ACM Certificate Available, Action ISSUANCE', acmCertificateAvailable('ISSUANCE')],
      ['ACM Certificate Available, Action IMPORT', acmCertificateAvailable('IMPORT')],
      ['ACM Certificate Available, Action REIMPORT', acmCertificateAvailable('REIMPORT')],
      ['ACM Certificate Revoked', REVOKED],
      ['AWS Health Event for ACM', HEALTH],
      ['the scheduled sweep event', SCHEDULED],
      ['a look-alike from a custom source', LOOKALIKE],
    ];
    for (const [name, event] of must) t.equal(await matches(event), true, `matches: ${name}`);
    for (const [name, event] of mustNot) t.equal(await matches(event), false, `does not match: ${name}`);
  },
);

t.test('the rule definitions: one event rule and the hourly sweep, both targeting pca-mtls-renew', async (t) => {
  t.same(
    RENEWAL_RULES.map((r) => [r.name, r.scheduleExpression, r.targets.map((x) => x.function)]),
    [
      ['pca-mtls-acm-events', undefined, ['pca-mtls-renew']],
      ['pca-mtls-reconcile-sweep', 'rate(1 hour)', ['pca-mtls-renew']],
    ],
  );
  const [, sweep] = ruleInstallInputs('eu-west-1', '123456789012');
  t.same(sweep, {
    putRule: {
      Name: 'pca-mtls-reconcile-sweep',
      Description: nth(RENEWAL_RULES, 1).description,
      State: 'ENABLED',
      ScheduleExpression: 'rate(1 hour)',
    },
    putTargets: {
      Rule: 'pca-mtls-reconcile-sweep',
      Targets: [{ Id: 'sweep', Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:pca-mtls-renew' }],
    },
  });
});
