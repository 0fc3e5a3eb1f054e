import t from 'tap';
import { logErrorMetric, METRIC_NAMESPACE, metricFields } from '../../../lib/renewal/renewal-metrics.ts';
import { capturingLogger } from '../../helpers/capturing-logger.ts';

t.test(
  'metric fields are CloudWatch embedded metric format: the directive, the dimensions and the values',
  async (t) => {
    const fields = metricFields({ VersionsWritten: 2, ServicesRolled: 1 }, { Function: 'renew' }, 1_700_000_000_000);
    t.same(fields, {
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: METRIC_NAMESPACE,
            Dimensions: [['Function']],
            Metrics: [
              { Name: 'VersionsWritten', Unit: 'Count' },
              { Name: 'ServicesRolled', Unit: 'Count' },
            ],
          },
        ],
      },
      Function: 'renew',
      VersionsWritten: 2,
      ServicesRolled: 1,
    });
    t.equal(METRIC_NAMESPACE, 'pca-mtls');
  },
);

t.test('every metric and dimension named in the directive has its value at the top level', async (t) => {
  const fields = metricFields({ RenewalFailures: 3 }, { Function: 'renew', Identity: 'colorteller' });
  const directive = fields._aws.CloudWatchMetrics[0]!;
  for (const dimension of directive.Dimensions[0]!) t.type(fields[dimension as keyof typeof fields], 'string');
  for (const { Name } of directive.Metrics) t.type(fields[Name as keyof typeof fields], 'number');
  t.ok(Math.abs(fields._aws.Timestamp - Date.now()) < 60_000, 'the timestamp defaults to now');
});

t.test('an error metric is one error line carrying the metric = 1, the fields and the message', async (t) => {
  const { logger, lines } = capturingLogger('info');
  logErrorMetric(
    logger,
    'CertificateExpired',
    { Function: 'renew' },
    { identity: 'colorteller' },
    'colorteller expired',
  );
  t.equal(lines.length, 1);
  const line = JSON.parse(lines[0]!);
  t.equal(line.level, 50, 'pino error level');
  t.equal(line.msg, 'colorteller expired');
  t.equal(line.CertificateExpired, 1);
  t.equal(line.identity, 'colorteller');
  t.same(line._aws.CloudWatchMetrics[0].Metrics, [{ Name: 'CertificateExpired', Unit: 'Count' }]);
});
