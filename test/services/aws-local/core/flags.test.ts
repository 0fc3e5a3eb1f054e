import t from 'tap';
import { parseQuotaFlag } from '../../../../services/aws-local/core/quota.ts';
import { parseDurationMs, parseTimingFlag, resolveTimings } from '../../../../services/aws-local/core/timings.ts';

t.test('--quota SERVICE:Operation=RPS', async (t) => {
  t.same(parseQuotaFlag('acm:ExportCertificate=5'), {
    service: 'acm',
    operation: 'ExportCertificate',
    requestsPerSecond: 5,
  });
  t.same(parseQuotaFlag('acm-pca:IssueCertificate=0.5').requestsPerSecond, 0.5);
  t.throws(() => parseQuotaFlag('acm=5'), { message: /SERVICE:Operation=RPS/ });
  t.throws(() => parseQuotaFlag('acm:ExportCertificate=0'), { message: /positive/ });
});

t.test('--timing NAME=DURATION', async (t) => {
  t.equal(parseDurationMs('250ms'), 250);
  t.equal(parseDurationMs('5s'), 5000);
  t.equal(parseDurationMs('2m'), 120_000);
  t.equal(parseDurationMs('40'), 40);
  t.throws(() => parseDurationMs('soon'), { message: /not a duration/ });
  t.same(parseTimingFlag('acm.issue=2s'), ['acm.issue', 2000]);
  t.throws(() => parseTimingFlag('acm.nothing=2s'), { message: /unknown timing 'acm.nothing'; known: acm.issue/ });
  t.equal(resolveTimings({ 'ecs.rollout': 10 })['ecs.rollout'], 10);
  t.equal(resolveTimings()['acm.issue'], 1500);
});
