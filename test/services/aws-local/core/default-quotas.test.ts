import { ACMClient, ListCertificatesCommand } from '@aws-sdk/client-acm';
import t from 'tap';
import { AWS_DEFAULT_QUOTAS, resolveQuotas } from '../../../../services/aws-local/core/default-quotas.ts';
import { QuotaLimiter } from '../../../../services/aws-local/core/quota.ts';
import { startTestAwsLocal } from '../../../helpers/aws-local.ts';

const rateOf = (rules: { service: string; operation: string; requestsPerSecond: number }[], op: string) =>
  rules.find((r) => `${r.service}:${r.operation}` === op)?.requestsPerSecond;

t.test('the default table takes the lower figure where copies of the docs differ', async (t) => {
  t.equal(rateOf([...AWS_DEFAULT_QUOTAS], 'acm:ListCertificates'), 1, '1 and 8 in two copies');
  t.equal(rateOf([...AWS_DEFAULT_QUOTAS], 'acm:ExportCertificate'), 5, '5 and 10 in two copies');
  t.equal(rateOf([...AWS_DEFAULT_QUOTAS], 'acm:DescribeCertificate'), 10);
  t.equal(rateOf([...AWS_DEFAULT_QUOTAS], 'acm-pca:IssueCertificate'), 25);
  t.equal(rateOf([...AWS_DEFAULT_QUOTAS], 'secretsmanager:PutSecretValue'), 50);
});

t.test('--quota replaces one default; without defaults only the overrides apply', async (t) => {
  const override = { service: 'acm', operation: 'ListCertificates', requestsPerSecond: 8 };
  const rules = resolveQuotas({ defaults: true, overrides: [override] });
  t.equal(rules.filter((r) => r.operation === 'ListCertificates').length, 1);
  t.equal(rateOf(rules, 'acm:ListCertificates'), 8);
  t.equal(rateOf(rules, 'acm:ExportCertificate'), 5, 'the others stay');
  t.same(resolveQuotas({ defaults: false, overrides: [override] }), [override]);
  t.same(resolveQuotas({ defaults: false }), []);
});

t.test('buckets are per region, and combined quotas share one bucket', async (t) => {
  let now = 0;
  const limiter = new QuotaLimiter(
    [
      { service: 'acm', operation: 'ListCertificates', requestsPerSecond: 1 },
      { service: 'sm', operation: 'Read', requestsPerSecond: 2, bucket: 'sm:read' },
      { service: 'sm', operation: 'Describe', requestsPerSecond: 2, bucket: 'sm:read' },
    ],
    () => now,
  );
  limiter.take('us-east-1', 'acm', 'ListCertificates');
  t.throws(() => limiter.take('us-east-1', 'acm', 'ListCertificates'), {
    name: 'AwsError',
    type: 'ThrottlingException',
  });
  t.doesNotThrow(() => limiter.take('eu-west-1', 'acm', 'ListCertificates'), 'another region has its own quota');
  now = 1_000;
  t.doesNotThrow(() => limiter.take('us-east-1', 'acm', 'ListCertificates'), 'refilled after a second');

  limiter.take('us-east-1', 'sm', 'Read');
  limiter.take('us-east-1', 'sm', 'Describe');
  t.throws(
    () => limiter.take('us-east-1', 'sm', 'Read'),
    { name: 'AwsError', type: 'ThrottlingException' },
    'the shared bucket is empty',
  );
  t.doesNotThrow(() => limiter.take('us-east-1', 'sm', 'Other'), 'unlisted operations are not limited');
});

t.test(
  'defaultQuotas: ListCertificates at its 1/s through the SDK, per region; GET quotas lists the table',
  async (t) => {
    const local = await startTestAwsLocal(t, { defaultQuotas: true });
    const east = new ACMClient(local.clientConfig);
    const west = new ACMClient({ ...local.clientConfig, region: 'eu-west-1' });
    await east.send(new ListCertificatesCommand({}));
    await t.rejects(east.send(new ListCertificatesCommand({})), { name: 'ThrottlingException' });
    await t.resolves(west.send(new ListCertificatesCommand({})), 'eu-west-1 has its own bucket');
    const listed = await local.control('GET', 'quotas');
    t.equal(listed.status, 200);
    t.equal(listed.body.quotas.length, AWS_DEFAULT_QUOTAS.length);
    t.match(listed.body.quotas, [{ service: 'acm', operation: 'AddTagsToCertificate', requestsPerSecond: 5 }]);
  },
);

t.test('the programmatic default is off: tests of the operations themselves are not throttled', async (t) => {
  const local = await startTestAwsLocal(t);
  const acm = new ACMClient(local.clientConfig);
  for (let i = 0; i < 3; i++) await acm.send(new ListCertificatesCommand({}));
  t.same((await local.control('GET', 'quotas')).body.quotas, []);
});
