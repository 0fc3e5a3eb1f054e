import t from 'tap';
import { classifyRenewalEvent } from '../../../lib/renewal/renewal-event.ts';
import {
  ACM_APPROACHING_EXPIRATION,
  acmCertificateAvailable,
} from '../../services/aws-local/events/fixtures/acm-events.ts';

const ARN = ACM_APPROACHING_EXPIRATION.resources[0];

t.test('ACM events, the scheduled sweep and a direct invoke are told apart', async (t) => {
  t.same(classifyRenewalEvent(acmCertificateAvailable('RENEWAL')), {
    kind: 'certificate-available',
    certificateArn: ARN,
    action: 'RENEWAL',
  });
  t.same(classifyRenewalEvent(ACM_APPROACHING_EXPIRATION), {
    kind: 'approaching-expiration',
    certificateArn: ARN,
    daysToExpiry: 31,
  });
  t.same(
    classifyRenewalEvent({
      ...ACM_APPROACHING_EXPIRATION,
      'detail-type': 'ACM Certificate Renewal Action Required',
      detail: { RenewalStatusReason: 'PCA_ACCESS_DENIED', DaysToExpiry: 15 },
    }),
    { kind: 'action-required', certificateArn: ARN, reason: 'PCA_ACCESS_DENIED', daysToExpiry: 15 },
  );
  t.same(
    classifyRenewalEvent({ ...ACM_APPROACHING_EXPIRATION, 'detail-type': 'ACM Certificate Expired', detail: {} }),
    { kind: 'expired', certificateArn: ARN },
  );
  t.same(
    classifyRenewalEvent({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      resources: ['arn:aws:events:us-east-1:1:rule/x'],
      detail: {},
    }),
    { kind: 'sweep', detailType: 'Scheduled Event' },
  );
  t.same(classifyRenewalEvent({ action: 'sweep' }), { kind: 'sweep', detailType: 'sweep' });
});

t.test('anything else is unrecognized, never guessed', async (t) => {
  t.match(
    classifyRenewalEvent({ ...ACM_APPROACHING_EXPIRATION, resources: [] }),
    { kind: 'unrecognized' },
    'no certificate ARN',
  );
  t.match(classifyRenewalEvent({ ...ACM_APPROACHING_EXPIRATION, source: 'custom.acm' }), { kind: 'unrecognized' });
  t.match(classifyRenewalEvent(undefined), { kind: 'unrecognized' });
  t.match(classifyRenewalEvent('sweep'), { kind: 'unrecognized' });
});
